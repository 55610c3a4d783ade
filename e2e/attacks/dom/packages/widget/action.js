// Rows 64, 66, 69, 70: acting on the app's elements through id references, the tree next to the widget, names on
// window, and events reaching the app's listeners.
import { own } from './own.js';

let badge;
export function keepBadge(b) {
  badge = b;
}

export const labelForPay = (root) => own(root, 'label', { for: 'pay' }).click();
export const buttonForLogin = (root) => own(root, 'button', { form: 'login' }).click();
/** The widget sits inside the app's form (a password meter): its own button submits the app's form. */
export const buttonInsideAppForm = (root) => own(root, 'button').click();
export const inputJoinsAppForm = (root) => void own(root, 'input', { form: 'login', name: 'action' });
export const popoverTargetAppMenu = (root) => own(root, 'button', { popovertarget: 'app-menu' }).click();
export const commandForAppMenu = (root) => own(root, 'button', { commandfor: 'app-menu', command: 'show-popover' }).click();
export const ariaLabelledByPay = (root) => void own(root, 'button', { 'aria-labelledby': 'pay brand' });
export const fragmentLinkToPay = (root) => own(root, 'a', { href: '#pay' }).click();
export const linkCarriesData = (root) => own(root, 'a', { href: '#leak-t0k3n' }).click();

export const badgeAfter = () => badge.after(Object.assign(document.createElement('span'), { textContent: 'INJECTED' }));
export const badgeBefore = () => badge.before('INJECTED');
export const badgeReplaceWith = () => badge.replaceWith('INJECTED');
export const badgeAdjacentHtml = () => badge.insertAdjacentHTML('afterend', '<span>INJECTED</span>');
export const badgeParentAppend = () => badge.parentNode.appendChild(document.createTextNode('INJECTED'));

export const clobberById = (root) => void own(root, 'div', { id: 'APP_DEBUG' });
export function clobberThroughHtml(root) {
  root.innerHTML = '<span id="APP_CONFIG">x</span>';
}
export function clobberBeforeAttach(root) {
  const div = document.createElement('div');
  div.id = 'APP_FLAGS';
  root.appendChild(div);
}
/** Not an attack: an id the widget set does not stop the app from defining that global itself later. */
export const idThenAppGlobal = (root) => void own(root, 'div', { id: 'APP_LATER' });

export const nonBubblingEvent = (root) => own(root, 'span').dispatchEvent(new Event('app:probe'));
// Around the wrappers: a widget that times its animation with `performance` reaches EventTarget.prototype through it
// (a read-only view) and calls the real dispatchEvent on its own element's wrapper. Handed the real element as
// `this`, the host would bubble the event to the app's listeners instead of along the widget's own elements.
export const protoDispatch = (root) =>
  Object.getPrototypeOf(Object.getPrototypeOf(performance)).dispatchEvent.call(own(root, 'span'), new CustomEvent('app:logout', { bubbles: true }));
export const customEventToApp = (root) => own(root, 'span').dispatchEvent(new CustomEvent('app:logout', { detail: 'now' }));
export const clickReachesApp = (root) => own(root, 'button', { type: 'button' }).click();
export const focusReachesApp = (root) => own(root, 'input').focus();
export const changeReachesApp = (root) => own(root, 'input', { type: 'checkbox' }).click();
/** While the user types in the app's password field, the widget takes the focus (and the next keys). */
export const stealFocus = (root) => own(root, 'input').focus();

/** The app's link inside the widget's element (a menu the widget enhances): taken out and put back, then clicked. */
export function takeAppLinkAndClick(root) {
  const link = root.querySelector('a');
  link.remove();
  root.appendChild(link);
  link.click();
}
/** The widget's element sits inside the app's link (an unread count in a nav link): a click on its own span. */
export const clickInsideAppLink = (root) => own(root, 'span').click();
/** The widget's element sits inside the app's <label> of a checkbox: a click on its own span toggles the app's box. */
export const clickInsideAppLabel = (root) => own(root, 'span').click();
/** contenteditable + execCommand: the browser inserts the markup, not the facade. */
export function execCommandHtml(root) {
  const div = own(root, 'div', { contenteditable: 'true' });
  div.focus();
  document.execCommand('insertHTML', false, '<img src="/beacon-exec.png">');
  return root.querySelector('img') !== null;
}
/** A copy of the app's link (an href it could not set itself) is a node it made? Clicked. */
export function cloneAppLinkAndClick(root) {
  const copy = root.querySelector('a').cloneNode(true);
  root.appendChild(copy);
  copy.click();
}
/** The app gave it its own link (a tooltip's reference element): a click on its own span inside. */
export const clickInsideGivenLink = (root) => own(root, 'span').click();
/** The app's checkbox in its element: its own label names it, and forwards its click. */
export const labelForAppControl = (root) => own(root, 'label', { for: root.querySelector('input').id }).click();
/** The widget sits inside the app's form: an image of its own, with an id the form exposes over its own members. */
export const imageIdClobbersForm = (root) => void own(root, 'img', { id: 'action' });
/** Focus events the browser fires besides focus/focusin (legacy DOMFocusIn). */
export const legacyFocusEvent = (root) => own(root, 'input').focus();
/** While the user types in the app's password field: a click on its own label focuses its own input. */
export function stealFocusThroughLabel(root) {
  const input = own(root, 'input', { id: 'widget-field' });
  own(root, 'label', { for: input.id }).click();
}
