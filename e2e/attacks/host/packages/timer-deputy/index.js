// Row 48, the confused deputy: a timer calls its callback with the real window as `this`. A package granted only
// `setTimeout` and `performance` holds stand-ins of EventTarget.prototype's methods (through performance's
// prototype chain); handed back to the timer as the callback, the real addEventListener runs on the real window with
// the package's extra arguments: a window listener the policy never granted (here it reads the keys typed).
const eventTargetProto = () => Object.getPrototypeOf(Object.getPrototypeOf(performance));

export const listenViaTimeout = () =>
  new Promise((resolve) => {
    setTimeout(eventTargetProto().addEventListener, 0, 'keydown', (event) => resolve(event.key), true);
    setTimeout(() => resolve(null), 1500);
  });
// setInterval the same way (cleared by the listener, or after 400 ms: the app types at 200 ms).
export const listenViaInterval = () =>
  new Promise((resolve) => {
    const id = setInterval(eventTargetProto().addEventListener, 0, 'keyup', (event) => (clearInterval(id), resolve(event.key)), true);
    setTimeout(() => (clearInterval(id), resolve(null)), 400);
  });
