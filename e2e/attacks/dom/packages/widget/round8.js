// Red team, round 8: what the page shares through CSS counters and quotes, ids the app renders later, and the page's
// selection, caret, scroll position and animations.
import './round8.css';
import { own } from './own.js';

// ---- Paint (row 65): counters and quotes are the page's, in document order -----------------------------------------
/** The app numbers its checkout steps with a CSS counter: its element increments it by 1000 first. */
export const counterIncrementInStyle = (root) => void own(root, 'span', { style: 'counter-increment: w8-step 1000' });
/** The same through its stylesheet (round8.css). */
export const counterIncrementInStylesheet = (root) => void own(root, 'span', { class: 'w8-count' });
export const counterSetInStyle = (root) => void own(root, 'span', { style: 'counter-set: w8-step 999' });
/** Two quotes opened and never drawn: the app's next `<q>` is drawn with its nested quotes. */
// A .css file of the widget's naming open-quote and its kin does not build confined (css-scope.ts), so the rule comes
// in a <style> of its own (in the plain build, as its stylesheet would); confined, a <style> is never the widget's.
export function quoteDepthInStylesheet(root) {
  own(root, 'span', { class: 'w8-quote' });
  const sheet = document.createElement('style');
  sheet.textContent = '.w8-quote::before { content: no-open-quote no-open-quote; }';
  root.appendChild(sheet);
}

// ---- Sight (row 62): a counter of the app's, drawn in its own element ---------------------------------------------
/** Whether the app's `w8-cart` counter is wider than a counter nobody set (the app's cart holds thousands). */
export function counterReadsApp(root) {
  const read = own(root, 'span', { class: 'w8-read' });
  const none = own(root, 'span', { class: 'w8-read-none' });
  return read.offsetWidth > none.offsetWidth;
}

// ---- Action (rows 66, 69): an id the app renders later ------------------------------------------------------------
/** Its field takes the id of the app's coupon field before the app renders it: the app's look-ups find its field. */
export const idBeforeApp = (root) => void own(root, 'input', { id: 'w8-coupon' });

// ---- Sight (row 62): the page's selection and caret -----------------------------------------------------------------
export const documentSelection = () => document.getSelection().toString();
export const windowSelection = () => getSelection().toString();
export function caretFromPoint(root, x, y) {
  if (typeof document.caretPositionFromPoint === 'function') return document.caretPositionFromPoint(x, y)?.offsetNode ?? null;
  return document.caretRangeFromPoint(x, y)?.startContainer ?? null;
}

// ---- Action (row 65): the app's page scrolled, the app's element animated or made inert ---------------------------
export function scrollPageToOwn(root) {
  own(root, 'div').style.height = '3000px';
  own(root, 'span').scrollIntoView();
}
export const animateAppRoot = (root) => void root.animate([{ opacity: 0 }, { opacity: 0 }], { duration: 100000 });
export function inertAppRoot(root) {
  root.inert = true;
}
