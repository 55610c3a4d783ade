// Row 49 with streams and ports: what a granted fetch's body, its reader, its async iterator and a transferred
// MessagePort hand a package must be stand-ins, never the real objects or the page's shared prototypes.
const body = async () => (await fetch('./index.html')).body;
export const reader = async () => (await body()).getReader();
export const iteratorPrototype = async () => {
  const stream = await body();
  const iterator = stream[Symbol.asyncIterator]();
  return Object.getPrototypeOf(iterator);
};
export const teed = async () => (await body()).tee()[0];
// Spying on the app's next read: the reader's prototype, written from inside.
export const writeReaderPrototype = async () => {
  const proto = Object.getPrototypeOf((await body()).getReader());
  proto.read = function () {
    return Promise.resolve({ done: true, value: undefined });
  };
  return true;
};
// The port the app transfers with a window message (a payment frame's channel): the package's listener holds it.
export const transferredPort = () =>
  new Promise((resolve) => {
    const listener = (event) => {
      if (!event.ports.length) return;
      removeEventListener('message', listener);
      resolve(event.ports[0]);
    };
    addEventListener('message', listener);
  });
