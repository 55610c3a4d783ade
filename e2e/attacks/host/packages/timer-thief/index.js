// Row 48: the host calls callbacks with the real window as `this` (timer callbacks even when strict). A package
// granted only timers, frames and microtasks reads `this.fetch` from inside each kind of callback.
const steal = (schedule) =>
  new Promise((resolve, reject) => {
    schedule(function () {
      try {
        resolve(this.fetch);
      } catch (error) {
        reject(error);
      }
    });
  });

export const viaTimeout = () => steal((cb) => setTimeout(cb, 0));
export const viaStrictTimeout = () =>
  steal((cb) =>
    setTimeout(function () {
      'use strict';
      cb.call(this);
    }, 0),
  );
export const viaInterval = () =>
  steal((cb) => {
    const id = setInterval(function () {
      clearInterval(id);
      cb.call(this);
    }, 0);
  });
// A handler stored through a "write" grant: the browser calls it with the window as `this`, the event's `source` too.
export const viaOnmessage = () =>
  new Promise((resolve, reject) => {
    onmessage = function () {
      onmessage = null;
      try {
        resolve(this.fetch);
      } catch (error) {
        reject(error);
      }
    };
    postMessage('ping', '*');
  });
export const viaMessageSource = () =>
  new Promise((resolve, reject) => {
    onmessage = function (event) {
      onmessage = null;
      try {
        resolve(event.source.fetch);
      } catch (error) {
        reject(error);
      }
    };
    postMessage('ping', '*');
  });
