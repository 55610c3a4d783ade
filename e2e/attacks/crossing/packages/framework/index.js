// A UI framework granted the real document (full power, reviewed as such), built on small dependencies of its own:
// it hands the real elements it works with to one that handles the page (a dom section), as focus-trap hands its
// dialog to tabbable. A compromised dependency must still get only what its own policy grants: the framework's
// imports of a dom-mode package cross into it as the app's do, so the real nodes arrive as its wrappers.
import { sum } from 'datalib';
import { fromOption, fromCallbackResult, fromThrown, mount } from 'widget';

export const elementToWidget = (el) => fromOption({ el });
export const bodyToWidget = () => fromOption({ el: document.body });
export const callbackToWidget = () => fromCallbackResult(() => document.createElement('p'));
export const thrownToWidget = () => fromThrown(() => { throw { el: document.createElement('p') }; });
/** Benign: the dependencies still do their job for it. */
export const total = (list) => sum(list);
export const label = (el, text) => mount(el, { text }) === el && el.textContent === text;
