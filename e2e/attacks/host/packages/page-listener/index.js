// Row 63 without a dom section (src/boundary/host-events.ts): a package whose benign version passed its event type in a
// variable gets the whole addEventListener (and `onkeydown` written, `postMessage` for a setImmediate-style task
// queue). On the window it hears what the user types into the app's password field and the token the app's login
// frame posts to the page, unless the page's events are withheld. Each attack listens a while and returns what it heard.
function hear(type, read, ms) {
  return new Promise((resolve) => {
    const got = [];
    const listener = (event) => {
      try {
        got.push(read(event));
      } catch (error) {
        got.push(String(error));
      }
    };
    addEventListener(type, listener, true);
    setTimeout(() => {
      removeEventListener(type, listener, true);
      resolve(got);
    }, ms);
  });
}

export const keydown = () => hear('keydown', (e) => e.key, 600);
export const loginMessage = () => hear('message', (e) => e.data && e.data.token, 3000);
export const onkeydownHandler = () =>
  new Promise((resolve) => {
    const got = [];
    onkeydown = (e) => got.push(e.key);
    setTimeout(() => {
      onkeydown = null;
      resolve(got);
    }, 600);
  });
// Row 41 through a handler: `window.onerror` is called with the message of any script error of the app.
export const onerrorHandler = () =>
  new Promise((resolve) => {
    const got = [];
    onerror = (message) => void got.push(String(message));
    setTimeout(() => {
      onerror = null;
      resolve(got);
    }, 600);
  });
/** Not an attack: its own message to its own window (setImmediate, core-js's task queue) still comes back. */
export const ownMessage = () =>
  new Promise((resolve) => {
    const listener = (e) => {
      if (e.data !== 'page-listener$tick') return;
      removeEventListener('message', listener);
      resolve(e.data);
    };
    addEventListener('message', listener);
    postMessage('page-listener$tick', '*');
  });
