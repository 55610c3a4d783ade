// Red team, round 9 (s13): the widget's ids are its own namespace under Portcullis (the real id carries its prefix,
// src/dom/ids.ts). Its own ids must keep working; each attack below tries to give its element an id the app renders
// later some other way than setAttribute('id') (round8.js).
import './round9.css';
import { own } from './own.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Semantics kept: its ids, references, selectors, serialised HTML and stylesheet rules read and work as written.
 *  Returns what did not ('' when all of it did). */
export function ownIdsWork(root) {
  const failed = [];
  const check = (name, ok) => void (ok || failed.push(name));
  const box = own(root, 'div');
  const input = own(box, 'input', { id: 'w9-field', 'aria-describedby': 'w9-hint w9-more' });
  const label = own(box, 'label', { for: 'w9-field' });
  label.textContent = 'Field';
  const styled = own(box, 'span', { id: 'w9-styled' });
  styled.textContent = 'x';
  check('id', input.id === 'w9-field' && input.getAttribute('id') === 'w9-field' && [...input.attributes].some((a) => a.name === 'id' && a.value === 'w9-field'));
  check('references', label.getAttribute('for') === 'w9-field' && input.getAttribute('aria-describedby') === 'w9-hint w9-more');
  check('serialised', box.innerHTML.includes('id="w9-field"') && box.innerHTML.includes('for="w9-field"') && !box.innerHTML.includes('pc6-') && input.outerHTML.includes('id="w9-field"'));
  check('getElementById', document.getElementById('w9-field') === input);
  check('selectors', box.querySelector('#w9-field') === input && box.querySelector('[id="w9-field"]') === input && box.querySelector('[id^="w9-f"]') === input
    && box.querySelector('label[for="w9-field"]') === label && box.querySelector('[aria-describedby~="w9-more"]') === input && input.matches('div > #w9-field') && input.closest('#w9-field') === input);
  check('stylesheet', styled.offsetWidth === 37 && label.offsetWidth === 41);
  const copy = box.cloneNode(true);
  check('clone', copy.querySelector('#w9-field')?.id === 'w9-field');
  // An SVG icon drawn through <use href="#…">: the reference finds its own symbol.
  const svg = document.createElementNS(SVG, 'svg');
  const rect = document.createElementNS(SVG, 'rect');
  for (const [k, v] of [['id', 'w9-icon'], ['width', '10'], ['height', '6']]) rect.setAttribute(k, v);
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', '#w9-icon');
  use.setAttribute('x', '20');
  svg.append(rect, use);
  box.append(svg);
  check('use-href', use.getAttribute('href') === '#w9-icon');
  return failed.join(',');
}

// ---- Action (rows 66, 69): an id the app renders later, set other ways ---------------------------------------------
export const idPropertyBeforeApp = (root) => void (own(root, 'input').id = 'w9-prop');
export function idHtmlBeforeApp(root) {
  own(root, 'div').innerHTML = '<label for="w9-html">Coupon</label><input id="w9-html">';
}
/** A copy of the app's badge (in the element the app gave it), put before it: the app's look-up finds the copy. */
export function idCloneBeforeApp(root) {
  const badge = root.querySelector('#w9-badge');
  root.insertBefore(badge.cloneNode(true), badge);
}
/** The app's `location.hash = '#w9-target'` (its own section, rendered later): `:target` is the widget's element. */
export const idTargetBeforeApp = (root) => void own(root, 'div', { id: 'w9-target' });
/** An SVG gradient: the app later renders its own of that id, whose `fill="url(#w9-grad)"` takes the widget's. */
export function gradientBeforeApp(root) {
  const svg = document.createElementNS(SVG, 'svg');
  const gradient = document.createElementNS(SVG, 'linearGradient');
  gradient.setAttribute('id', 'w9-grad');
  svg.append(gradient);
  root.append(svg);
}
