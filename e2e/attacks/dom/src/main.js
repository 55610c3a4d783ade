// The app: a login form, a CSRF token, a pay button, a menu, a canvas and a frame of its own, and a widget mounted in
// elements next to them (one fresh element per attack). Each attack runs in turn; what it got is judged here, in the
// app's own unconfined code. Rows: THREATS.md 62-70, and realm creation (Snow's ideas).
import * as widget from 'widget';
import { attack, done, later } from './harness/attack.js';
import { registerMore } from './more.js';
import { registerRound6 } from './round6.js';
import { registerRound7 } from './round7.js';
import { registerRound8 } from './round8.js';
import { registerRound9 } from './round9.js';

const $ = (id) => document.getElementById(id);
const widgets = $('widgets');
const inWidgets = (node) => node instanceof Node && widgets.contains(node);
let chain = Promise.resolve();
/** One attack after the other (some move the focus or the URL), each with a fresh element for the widget. */
function step(id, run, reached) {
  const previous = chain;
  chain = attack(id, async () => {
    await previous;
    reset();
    return run();
  }, reached);
}
function fresh(parent = widgets) {
  const root = document.createElement('div');
  root.className = 'widget-root';
  parent.append(root);
  return root;
}
function reset() {
  for (const key of Object.keys(seen)) seen[key] = 0;
  document.activeElement?.blur?.();
  widgets.replaceChildren();
  $('login').querySelectorAll('.widget-root').forEach((n) => n.remove());
  if ($('app-menu').matches(':popover-open')) $('app-menu').hidePopover();
}

// What the app's own listeners see.
const seen = { pay: 0, submit: 0, probe: 0, logout: 0, click: 0, focusin: 0, change: 0 };
$('pay').addEventListener('click', () => seen.pay++);
$('login').addEventListener('submit', (e) => {
  seen.submit++;
  e.preventDefault();
});
document.addEventListener('app:probe', () => seen.probe++, true);
window.addEventListener('app:logout', () => seen.logout++, true);
document.addEventListener('click', (e) => inWidgets(e.target) && seen.click++);
document.addEventListener('focusin', (e) => inWidgets(e.target) && seen.focusin++);
document.addEventListener('change', (e) => inWidgets(e.target) && seen.change++);

// ---- Row 62: sight (selectors) -----------------------------------------------------------------------------
const csrf = $('csrf').value;
const session = document.querySelector('main').dataset.session;
step('selector-root-has', () => widget.csrfThroughRootHas(fresh()), (v) => v === csrf.slice(0, 5));
step('selector-ancestor-attribute', () => widget.sessionThroughAncestor(fresh()), (v) => v === session.slice(0, 5));
step('selector-sibling-combinator', () => widget.csrfThroughSibling(fresh()), (v) => v === csrf.slice(0, 5));
step('selector-is-argument', () => widget.sessionThroughIs(fresh()), (v) => v === session.slice(0, 5));
step('selector-not-argument', () => widget.sessionThroughNot(fresh()), (v) => v === session.slice(0, 5));
step('selector-where-sibling', () => widget.csrfThroughWhereSibling(fresh()), (v) => v === csrf.slice(0, 5));
step('selector-nested-not', () => widget.sessionThroughNestedNot(fresh()), (v) => v === session.slice(0, 5));
step('selector-query-selector', () => widget.csrfThroughQuerySelector(fresh()), (v) => v === csrf.slice(0, 5));
step('selector-closest-has', () => widget.csrfThroughClosest(fresh()), (v) => v === csrf.slice(0, 5));
step('selector-lang', () => widget.pageLanguage(fresh()), (v) => v === document.documentElement.lang);
step('selector-focus-within', () => {
  const root = fresh();
  $('password').focus();
  return widget.typingInTheForm(root);
});
step('selector-nth-child', () => {
  fresh();
  fresh();
  return widget.positionAmongApp(fresh());
}, (v) => v === 3);
step('selector-closest-ancestor', () => widget.closestAppElement(fresh()), (v) => v === document.querySelector('main'));
step('document-query-selector', () => widget.documentQuery(), (v) => v === $('csrf'));
step('document-get-element-by-id', () => widget.documentById(), (v) => v === $('password'));
step('stale-handle', async () => {
  const root = fresh();
  const field = Object.assign(document.createElement('input'), { id: 'otp' });
  root.append(field);
  const read = widget.keepAHandle(root);
  $('login').append(field); // the app takes its field back into its form
  field.setAttribute('value', 'otp-123456');
  try {
    return read();
  } finally {
    field.remove();
  }
}, (v) => v === 'otp-123456');

// ---- Row 63: listeners on the facade window/document ----------------------------------------------------------
function typePassword() {
  const password = $('password');
  password.focus();
  for (const key of 'hunter2') password.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  password.value = 'hunter2';
  password.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '2' }));
  password.blur();
}
step('keys-on-document', () => { const read = widget.listenForKeys(); typePassword(); return read(); }, (v) => v.includes('hunter2'));
step('keys-on-window-capture', () => { const read = widget.listenForKeysOnWindow(); typePassword(); return read(); }, (v) => v.includes('hunter2'));
step('input-on-document', () => { const read = widget.listenForInput(); typePassword(); return read(); }, (v) => v.includes('hunter2') || v.includes('insertText'));
step('pointer-over-app', () => {
  const read = widget.listenForClicks();
  $('pay').dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 42, clientY: 17 }));
  return read();
}, (v) => v.includes('42,17'));

// ---- Row 64: id references ----------------------------------------------------------------------------------
step('label-for-app-button', () => { widget.labelForPay(fresh()); return seen.pay; }, (v) => v > 0);
step('button-form-app-form', () => { widget.buttonForLogin(fresh()); return seen.submit; }, (v) => v > 0);
step('button-inside-app-form', () => { widget.buttonInsideAppForm(fresh($('login'))); return seen.submit; }, (v) => v > 0);
step('input-form-clobbers-app-form', () => { widget.inputJoinsAppForm(fresh()); return $('login').action; }, (v) => v instanceof Element);
step('popovertarget-app-menu', () => { widget.popoverTargetAppMenu(fresh()); return $('app-menu').matches(':popover-open'); });
step('commandfor-app-menu', () => { widget.commandForAppMenu(fresh()); return $('app-menu').matches(':popover-open'); });
step('aria-labelledby-app-text', () => {
  widget.ariaLabelledByPay(fresh());
  const button = widgets.querySelector('button');
  return button?.ariaLabelledByElements?.includes($('pay')) ?? button?.getAttribute('aria-labelledby') === 'pay brand';
});
step('fragment-link-to-app', async () => { widget.fragmentLinkToPay(fresh()); await later(100); return location.hash; }, (v) => v === '#pay');

// ---- Row 66: tree mutation next to the widget's element -------------------------------------------------------
const header = $('app-header');
for (const [id, run] of [
  ['badge-after', widget.badgeAfter], ['badge-before', widget.badgeBefore], ['badge-replace-with', widget.badgeReplaceWith],
  ['badge-adjacent-html', widget.badgeAdjacentHtml], ['badge-parent-append', widget.badgeParentAppend],
]) {
  step(id, () => {
    const badge = widget.mount(fresh(), 'sale');
    header.append(badge); // the app shows the widget's badge in its header
    widget.keepBadge(badge);
    run();
    const text = header.textContent;
    header.replaceChildren($('brand') ?? Object.assign(document.createElement('span'), { id: 'brand', textContent: 'Shop' }));
    return text;
  }, (v) => v.includes('INJECTED'));
}

// ---- Row 69: clobbering --------------------------------------------------------------------------------------
step('clobber-id', () => { widget.clobberById(fresh()); return window.APP_DEBUG; }, (v) => v instanceof Element);
step('clobber-inner-html', () => { widget.clobberThroughHtml(fresh()); return window.APP_CONFIG; }, (v) => v instanceof Element);
step('clobber-before-attach', () => { widget.clobberBeforeAttach(fresh()); return window.APP_FLAGS; }, (v) => v instanceof Element);
step('clobber-later-define', () => {
  widget.idThenAppGlobal(fresh());
  window.APP_LATER = 'mine';
  return window.APP_LATER;
}, (v) => v !== 'mine');

// ---- Row 70: events reaching the app's listeners ----------------------------------------------------------------
step('non-bubbling-event-capture', () => { widget.nonBubblingEvent(fresh()); return seen.probe; }, (v) => v > 0);
step('custom-event-window-capture', () => { widget.customEventToApp(fresh()); return seen.logout; }, (v) => v > 0);
step('proto-dispatch-to-app', () => { widget.protoDispatch(fresh()); return seen.logout; }, (v) => v > 0);
step('click-bubbles-to-app', () => { widget.clickReachesApp(fresh()); return seen.click; }, (v) => v > 0);
step('focus-reaches-app', () => { widget.focusReachesApp(fresh()); return seen.focusin; }, (v) => v > 0);
step('change-reaches-app', () => { widget.changeReachesApp(fresh()); return seen.change; }, (v) => v > 0);
step('steal-focus', () => {
  const root = fresh();
  $('password').focus();
  try {
    widget.stealFocus(root);
  } finally {
    var active = document.activeElement;
  }
  return active;
}, (v) => inWidgets(v));

// ---- Row 65: paint over the app's pay button ------------------------------------------------------------------
function coversPay() {
  const r = $('pay').getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit !== $('pay');
}
for (const [id, run] of [
  ['cover-absolute', widget.coverWithAbsolute], ['cover-negative-margin', widget.coverWithNegativeMargin],
  ['cover-transform', widget.coverWithTransform], ['cover-with-the-root', widget.coverWithTheRoot],
  ['cover-top-layer', widget.coverFromTheTopLayer],
]) {
  step(id, async () => {
    run(fresh());
    await later(50);
    return coversPay();
  });
}

// ---- Row 67: URLs in CSS and SVG presentation attributes --------------------------------------------------------
const other = `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;
const requested = (name) => performance.getEntriesByType('resource').some((e) => e.name.includes(name));
const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
for (const [id, run] of [
  ['svg-fill-url', widget.svgFillUrl], ['svg-mask-url', widget.svgMaskUrl], ['svg-filter-url', widget.svgFilterUrl],
  ['svg-cursor-url', widget.svgCursorUrl], ['svg-style-url', widget.svgStyleUrl], ['style-attribute-url', widget.styleAttributeUrl],
  ['style-image-set', widget.styleImageSet], ['img-srcset', widget.imageSrcset],
]) {
  step(id, async () => {
    // A name new to each page load: an image the browser's memory cache still holds from the last load of this page
    // (the specs load it once per attack) is drawn without a request, and so without a resource timing entry.
    const beacon = `beacon-${id}-${nonce}.png`;
    run(fresh(), `${other}/${beacon}`);
    // Polled, not a fixed wait: a loaded machine's Firefox took more than 400 ms to fetch an SVG style's image.
    for (let waited = 0; waited < 5000 && !requested(beacon); waited += 50) await later(50);
    return requested(beacon);
  });
}

// ---- Rows 62 and 65 through the widget's stylesheet: its selectors match the widget's own elements only --------
step('stylesheet-own-elements', () => widget.ownStyledBadge(fresh()), (v) => v === 3);
step('stylesheet-oracle', () => widget.sessionThroughStylesheet(fresh()), (v) => v === 7);
step('stylesheet-paints-app', () => getComputedStyle($('brand'), '::after').content, (v) => String(v).includes('pwned'));
step('stylesheet-redefines-property', () => getComputedStyle($('brand')).marginLeft, (v) => v === '99px');
step('stylesheet-bad-url-boundary', () => getComputedStyle($('brand')).letterSpacing, (v) => v === '9px');
step('stylesheet-redefines-keyframes', () => getComputedStyle($('brand')).opacity, (v) => v === '0.25');
step('stylesheet-follows-moved-element', () => {
  widget.movablePanel(fresh());
  const panel = widgets.querySelector('.w-movable');
  $('app-header').append(panel); // the app's own portal
  const pay = $('pay').getBoundingClientRect();
  const hit = document.elementFromPoint(pay.left + pay.width / 2, pay.top + pay.height / 2)?.className;
  panel.remove();
  return hit;
}, (v) => v === 'w-spill');
step('stylesheet-covers-from-toast', () => {
  widgets.append(widget.toastForTheApp());
  const pay = $('pay').getBoundingClientRect();
  return document.elementFromPoint(pay.left + pay.width / 2, pay.top + pay.height / 2)?.className;
}, (v) => v === 'w-cover');

// ---- Row 68: origins used for more than loading ---------------------------------------------------------------
step('read-image-pixels', () => widget.readImagePixels(fresh()), (v) => v === '12,34,56');
const blank = Object.assign(document.createElement('canvas'), { width: 4, height: 4 }).toDataURL();
step('read-image-data-url', () => widget.readImageDataUrl(fresh()), (v) => typeof v === 'string' && v.startsWith('data:image/png') && v !== blank);
step('read-app-canvas', () => {
  const canvas = $('app-canvas');
  const c = canvas.getContext('2d');
  c.fillStyle = 'rgb(200, 10, 10)';
  c.fillRect(0, 0, 8, 8);
  return widget.readAppCanvas(canvas);
}, (v) => v === '200,10,10');
step('link-carries-data', async () => { widget.linkCarriesData(fresh()); await later(100); return location.hash; }, (v) => v === '#leak-t0k3n');

// ---- Realm creation (LavaMoat Snow's ideas) ---------------------------------------------------------------------
function isAnotherWindow(value) {
  if (value === null || value === undefined || value === window) return false;
  try {
    return value.window === value && typeof value.document === 'object';
  } catch {
    return true; // a cross-origin window is still a window
  }
}
for (const name of Object.keys(widget).filter((n) => n.startsWith('realm')).sort()) {
  step(`realm-${name.slice(5).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).slice(1)}`, () => widget[name](fresh()), isAnotherWindow);
}


// ---- More of each class (red team, round 5): more.js ---------------------------------------------------------
registerMore({ step, fresh, widgets, $, inWidgets, header, coversPay, other, nonce, requested, isAnotherWindow, session });
// ---- Round 6: round6.js -------------------------------------------------------------------------------------------
registerRound6({ step, fresh, widgets, $ });
// ---- Round 7: round7.js -------------------------------------------------------------------------------------------
registerRound7({ step, fresh, widgets });
// ---- Round 8: round8.js -------------------------------------------------------------------------------------------
registerRound8({ step, fresh, widgets, $, inWidgets });
// ---- Round 9: round9.js -------------------------------------------------------------------------------------------
registerRound9({ step, fresh, inWidgets });

chain.then(() => {
  reset();
  history.replaceState(null, '', location.pathname);
  done();
});
