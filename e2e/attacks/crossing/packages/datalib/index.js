// A data library (no dom section: its policy grants nothing) that the app hands values to. It should never see a
// real element; each export looks for one to reach the real window through: THREATS.md row 51.
const windowOf = (node) => node.ownerDocument.defaultView;

/** Benign: sums numbers. */
export const sum = (list) => { let s = 0; for (let i = 0; i < list.length; i++) s += list[i]; return s; };

export const fromArgument = (el) => windowOf(el);
export const fromOption = (options) => windowOf(options.el);
export const fromMap = (map) => windowOf([...map.values()][0]);
export const fromSet = (set) => windowOf([...set][0]);
export const fromArray = (list) => windowOf(list[1]);
export const fromFrozenInstance = (view) => windowOf(view.root);
export const fromCallbackResult = (provide) => windowOf(provide());
export const fromPromise = async (later) => windowOf(await later);
export function listener() {
  return (el) => windowOf(el);
}
/** A chart-like class: the element comes through a method of the instance the app made. */
export class Chart {
  attach(el) { return windowOf(el); }
  static draw(options) { return windowOf(options.canvas); }
}
