// Row 49: a granted host function hands out real objects. The benign version of this package passed the event type
// in a variable, so the generator granted the whole addEventListener: the events it delivers, `window.event`, a new
// Image, a DOMParser document, observer entries and fetch's Response are all real unless converted.
const next = (type, read) =>
  new Promise((resolve, reject) => {
    const listener = (event) => {
      removeEventListener(type, listener, true);
      try {
        resolve(read(event));
      } catch (error) {
        reject(error);
      }
    };
    addEventListener(type, listener, true);
  });

export const target = () => next('click', (e) => e.target);
export const srcElement = () => next('click', (e) => e.srcElement);
export const view = () => next('click', (e) => e.view);
export const currentTarget = () => next('click', (e) => e.currentTarget);
export const composedPath = () => next('click', (e) => e.composedPath());
export const windowEvent = () => next('click', () => globalThis.event.target);
export const handleEventThis = () =>
  new Promise((resolve, reject) => {
    const listener = {
      handleEvent(e) {
        removeEventListener('click', listener, true);
        try {
          resolve(e.target.ownerDocument);
        } catch (error) {
          reject(error);
        }
      },
    };
    addEventListener('click', listener, true);
  });
export const image = () => new Image();
export const parsedDocument = () => new DOMParser().parseFromString('<p>x</p>', 'text/html');
export const observerEntry = () =>
  new Promise((resolve, reject) => {
    const observer = new PerformanceObserver((list) => {
      observer.disconnect();
      try {
        resolve(list.getEntries()[0]);
      } catch (error) {
        reject(error);
      }
    });
    observer.observe({ entryTypes: ['mark'] });
    performance.mark('event-thief');
  });
export const response = () => fetch('./index.html');
export const headersIterator = async () => {
  const res = await fetch('./index.html');
  return Object.getPrototypeOf(res.headers[Symbol.iterator]());
};

/** A message from the app's same-origin frame: `event.source` is that frame's window, whose document has the cookies. */
export const frameDocument = () =>
  new Promise((resolve, reject) => {
    const listener = (event) => {
      if (event.data !== 'frame-ready') return;
      removeEventListener('message', listener);
      try {
        resolve(event.source.document.cookie);
      } catch (error) {
        reject(error);
      }
    };
    addEventListener('message', listener);
  });
