// Red team, round 6: more of each class of rows 62-70. Each export is one attack; the app (src/round6.js) sets the
// page up around the widget's element and judges what it got. The common thread: the page changes after the widget
// acted (an id the app renders later, a view transition the app starts), or a name the whole page shares.
import './round6.css';
import { own } from './own.js';

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Sight (row 62) -----------------------------------------------------------------------------------------------
/** The app disabled the <fieldset> around the element it gave the widget (a form it locks while it submits). */
export const disabledByAppFieldset = (root) => own(root, 'button', { type: 'button' }).matches(':disabled');
/** The same through :enabled, asked of the element it was given, and inside :not() and closest(). */
export function enabledByAppFieldset(root) {
  const input = own(root, 'input');
  return root.querySelectorAll('input:enabled').length === 0 || input.matches(':not(:enabled)') || input.closest(':where(:disabled)') !== null;
}

/** Not an attack: :disabled and :enabled keep their meaning for its own controls. */
export function ownDisabledKept(root) {
  const button = own(root, 'button', { disabled: '' });
  const input = own(root, 'input');
  return button.matches(':disabled') && !button.matches(':enabled') && input.matches(':enabled:not(:disabled)')
    && root.querySelectorAll(':disabled').length === 1 && root.querySelectorAll('input:enabled, button:enabled').length === 1;
}

// ---- Action (rows 64, 69) ----------------------------------------------------------------------------------------
/** A field that names a form by an id no element has yet: the app's checkout form, rendered later, gets it. */
export const lateFormField = (root) => void own(root, 'input', { form: 'later-form', name: 'amount', value: '1000' });
/** A label for an id no element has yet: the app's button rendered later is clicked when the user clicks the label. */
export const lateLabelFor = (root) => void own(root, 'label', { for: 'later-button' }).append('Claim your coupon');
/** A button that opens a popover by an id no element has yet: the app's menu, rendered later. */
export const latePopoverTarget = (root) => void own(root, 'button', { type: 'button', popovertarget: 'later-menu' });
/** A button that closes a dialog by an id no element has yet, with its own value: the app's confirmation. */
export const lateCommandFor = (root) => void own(root, 'button', { type: 'button', commandfor: 'later-dialog', command: 'close', value: 'confirm' });
// ---- Paint (row 65) ----------------------------------------------------------------------------------------------
/** An anchor name the app's tooltip is positioned by: the last element with it wins, so the tip follows the widget. */
export const anchorNameInStyle = (root) => void own(root, 'span', { style: 'display: inline-block; width: 4px; height: 4px; anchor-name: --pay-anchor' });
/** The same through the widget's stylesheet (round6.css). */
export const anchorNameInStylesheet = (root) => void own(root, 'span', { class: 'w6-anchor' });
/** The view-transition name of the app's own element: the app's next transition fails (duplicate name). */
export const viewTransitionAppName = (root) => void own(root, 'div', { style: 'width: 4px; height: 4px; view-transition-name: app-hero' });
/** A view-transition name of its own, on a box twice the size of the page: during the app's transition it is drawn
 * whole, in the view transition's layer above the page, outside the element the app gave it (over the pay button).
 * (Through its stylesheet, the same is refused at build time: src/plugin/css-scope.test.ts.) */
export const viewTransitionCover = (root) => void own(root, 'div', {
  style: 'position: absolute; left: -100vw; top: -100vh; width: 200vw; height: 200vh; background: rgb(255, 0, 0); view-transition-name: w6-cover',
});

// ---- Grants (row 68) ---------------------------------------------------------------------------------------------
/** The image's pixels through a pattern made on one canvas and painted on another. */
export async function readThroughPattern(root) {
  const img = own(root, 'img', { src: '/private.png' });
  await wait(300);
  const a = own(root, 'canvas');
  const pattern = a.getContext('2d').createPattern(img, 'no-repeat');
  const b = own(root, 'canvas');
  const c = b.getContext('2d');
  c.fillStyle = pattern;
  c.fillRect(0, 0, 4, 4);
  const d = c.getImageData(0, 0, 1, 1).data;
  return `${d[0]},${d[1]},${d[2]}`;
}

// ---- Loading (row 67): a scheme as the browser reads it, not as written ------------------------------------------
/** `bl<TAB>ob:` is a blob: URL to the URL parser, whose origin is the page's: it would pass `'self'`. */
export function disguisedBlobUrl(root, url) {
  const img = own(root, 'img');
  img.setAttribute('src', url);
  return img.getAttribute('src') === url;
}
