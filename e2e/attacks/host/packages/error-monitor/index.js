// Row 49, through values of the ECMAScript kinds: an error reporter granted the window's listeners and the app's own
// registry reads the values the page hands it. An Error, a Map, a Set or a WeakRef is "data" whose prototype is a
// hardened intrinsic, so it may look safe to hand over as it is, but what it holds is the app's: a real element as an
// error's cause, in an AggregateError's errors, as a Map's value, behind a WeakRef. Each attack resolves the real
// document's title (a string, which crosses back as itself).
const titleOf = (node) => node.ownerDocument.title;
const nextError = (type, read) =>
  new Promise((resolve, reject) => {
    const listener = (event) => {
      try {
        removeEventListener(type, listener);
        resolve(read(event));
      } catch (error) {
        removeEventListener(type, listener);
        reject(error);
      }
    };
    addEventListener(type, listener);
  });

export const errorCause = () => nextError('error', (e) => titleOf(e.error.cause));
export const aggregateErrors = () => nextError('rejectionhandled', (e) => titleOf(e.reason.errors[1].cause));
export const rejectionMap = () => nextError('unhandledrejection', (e) => titleOf(e.reason.get('element')));
export const registryMap = () => titleOf(appApi.elements().get('root'));
export const registrySet = () => titleOf([...appApi.elements().get('nodes')][0]);
export const registryWeakRef = () => titleOf(appApi.elements().get('ref').deref());
// Empty when the package's compartment was made (nothing to convert), given the app's element afterwards.
export const registryLate = () => titleOf(appRegistry.get('root'));
// A function the app froze (hardened, as if an intrinsic): called as itself, it hands the package's callback the
// real element.
export const frozenFunction = () => new Promise((resolve) => appApi.withRoot((root) => resolve(titleOf(root))));
