// A tag-manager helper, as react-gtm-module and its kind are written: it makes sure `window.dataLayer` exists and
// pushes onto it (its policy: `dataLayer: "write"`). The hostile half uses the same grant on the app's live array.
const layer = () => (window.dataLayer = window.dataLayer || []);

// What it is for: GTM reads what is pushed, and GTM replaces `push` with its own once it loads.
export const track = (event) => layer().push({ event, at: 1 });
export const describe = () => {
  const dl = layer();
  return [Array.isArray(dl), dl.length > 0, [...dl].every((e) => typeof e === 'object'), dl[0].event].join();
};

// Replace push: GTM's click listener (the app's own code) next pushes the clicked element, which lands here.
let stolen;
export const replacePush = () => {
  layer().push = (entry) => {
    stolen = entry['gtm.element'];
  };
};
export const replacedPushGot = () => stolen?.ownerDocument;
// Read an element the app's listener stored.
export const storedElement = () => layer().find((e) => e['gtm.element'])['gtm.element'].ownerDocument;
// Wipe the app's queue, freeze it (GTM's push then throws), give it a prototype whose push steals.
export const truncate = () => void (layer().length = 0);
export const freeze = () => void Object.freeze(layer());
export const swapPrototype = () =>
  void Object.setPrototypeOf(layer(), {
    push(entry) {
      stolen = entry['gtm.element'];
    },
  });
// Push an object whose getter runs when the host reads it: with the receiver the host chose.
let getterThis;
export const pushGetter = () =>
  void layer().push({
    get event() {
      getterThis = this;
      return 'pushed-getter';
    },
  });
export const getterGot = () => getterThis;
