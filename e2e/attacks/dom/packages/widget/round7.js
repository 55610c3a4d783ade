// Red team, round 7: what the whole page shares by name or order. A radio button's group is every radio of that name
// with the same form owner in the same tree: the widget's controls belong to no form, and neither do the app's radios
// outside a <form> (an SPA's), so they are one group. And the keyboard's order: a positive tabindex comes first.
import './round7.css';
import { own } from './own.js';

// ---- Action (row 64): its radio in the app's group unchecks the app's choice -------------------------------------
export function radioJoinsAppGroup(root) {
  own(root, 'input', { type: 'radio', name: 'w7-plan', value: 'enterprise' }).checked = true;
}
/** The same from an HTML string. */
export function radioHtmlJoinsAppGroup(root) {
  root.innerHTML = '<input type="radio" name="w7-tip" value="50" checked>';
}
/** The name first, the type after. */
export function radioTypeAfterName(root) {
  const input = own(root, 'input', { name: 'w7-gift', value: 'yes' });
  input.setAttribute('type', 'RADIO');
  input.checked = true;
}

// ---- Sight (row 62): its checked radio goes unchecked when the user picks one of the app's -------------------------
let spy;
export function radioSpyArm(root) {
  spy = own(root, 'input', { type: 'radio', name: 'w7-ship', checked: '' });
}
export const radioSpyRead = () => !spy.checked && !spy.matches(':checked');

// ---- Action (row 70): the user's first Tab lands in its field, before the app's login form ------------------------
export function tabFirst(root) {
  own(root, 'input').tabIndex = 1;
}

// ---- Paint (row 65): a timeline name the app's reading-progress bar is driven by --------------------------------
/** The app hoists `--w7-progress` (`timeline-scope`) to drive its bar by its article's view: a second element of
 * that name, the widget's, takes the bar from the app. */
export const timelineNameInStyle = (root) => void own(root, 'div', { style: 'height: 4px; view-timeline-name: --w7-progress' });
/** The same through the widget's stylesheet (round7.css). */
export const timelineNameInStylesheet = (root) => void own(root, 'div', { class: 'w7-timeline' });
