// Row 49, the way back: what a package hands the host must never be its own live object. WebIDL's EventListener is a
// callback interface: the browser looks `handleEvent` up on whatever object was registered, at each dispatch, and
// calls it with the real event. An object that crossed to the host as itself (a value of a built-in kind, a record
// with nothing to convert, a Proxy that lies to the check) is such an object, and the event it receives is real:
// `event.view` is the window. Each attack reads `event.view.document.title` (a string: it crosses back to the app as itself) on the app's next click; a listener that never
// fires resolves null after the click.
const onClick = (make) =>
  new Promise((resolve, reject) => {
    let listener;
    const steal = (event) => {
      removeEventListener('click', listener, true);
      try {
        resolve(event.view.document.title);
      } catch (error) {
        reject(error);
      }
    };
    const made = make(steal);
    const { listener: made2 = made, after } = made.late ?? {};
    listener = made2;
    addEventListener('click', listener, true);
    after?.();
    setTimeout(() => resolve(null), 1500);
  });
const withHandleEvent = (object) => (steal) => Object.assign(object, { handleEvent: steal });

export const viaDate = () => onClick(withHandleEvent(new Date()));
export const viaTypedArray = () => onClick(withHandleEvent(new Uint8Array(4)));
export const viaError = () => onClick(withHandleEvent(new Error('listener')));
export const viaMap = () => onClick(withHandleEvent(new Map()));
export const viaNumber = () => onClick(withHandleEvent(new Number(1)));
// No Date slots, only Date.prototype.
export const viaFakeDate = () => onClick(withHandleEvent(Object.create(Date.prototype)));
// Clean when it crossed (nothing but a number), given handleEvent afterwards.
export const viaLateRecord = () =>
  onClick((steal) => {
    const listener = { n: 1 };
    return { late: { listener, after: () => (listener.handleEvent = steal) } };
  });
// An empty object to the membrane's check, a handleEvent to the browser's look-up.
export const viaProxy = () => onClick((steal) => new Proxy({}, { get: (_t, key) => (key === 'handleEvent' ? steal : undefined) }));
export const viaProxyArray = () => onClick((steal) => new Proxy([], { get: (_t, key) => (key === 'handleEvent' ? steal : undefined) }));
