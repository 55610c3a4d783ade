// The app: a login form, a CSRF token, a pay button, a menu, a canvas and a frame of its own, and a widget mounted in
// elements next to them (one fresh element per attack). Each attack runs in turn; what it got is judged here, in the
// app's own unconfined code. Rows: THREATS.md 62-70, and realm creation (Snow's ideas).
import * as widget from 'widget';
import { attack, done, later } from './harness/attack.js';

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

// ---- Red team, round 5: more of each class -----------------------------------------------------------------------
/** A fresh element of the app's, holding the widget's element. */
function appHolder(tag, attributes = {}) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  widgets.append(el);
  return el;
}
step('selector-read-write-ancestor', () => widget.editableAncestor(fresh(appHolder('div', { contenteditable: 'true' }))));
step('selector-has-next-sibling', () => {
  const root = fresh();
  fresh();
  return widget.nextSiblingThroughHas(root);
});
step('selector-nth-child-of', () => widget.nthChildOf(fresh($('login').parentElement)));
step('selector-escaped-attribute', () => widget.sessionThroughEscapes(fresh()), (v) => v === session.slice(0, 5));
step('root-offset-parent', () => widget.rootOffsetParent(fresh()), (v) => v instanceof Element);
step('root-parent-element', () => widget.rootParentElement(fresh()), (v) => v === widgets);
step('root-get-root-node', () => widget.rootGetRootNode(fresh()), (v) => v === document);
step('app-input-form', () => {
  const root = fresh($('login'));
  root.append(document.createElement('input'));
  return widget.appInputForm(root);
}, (v) => v === $('login'));
step('document-tree-walker', () => widget.treeWalker(), (v) => v === $('csrf'));
step('document-element-from-point', () => {
  const r = $('pay').getBoundingClientRect();
  return widget.elementFromPoint(fresh(), r.left + r.width / 2, r.top + r.height / 2);
}, (v) => v === $('pay'));
step('taken-node-reclaimed', () => {
  const root = fresh();
  const field = Object.assign(document.createElement('input'), { id: 'otp2' });
  root.append(field);
  const read = widget.takeAndKeep(root);
  $('login').append(field); // the app takes its field back into its form
  field.setAttribute('value', 'otp-654321');
  try {
    return read();
  } finally {
    field.remove();
  }
}, (v) => v === 'otp-654321');
step('taken-app-link-click', async () => {
  const root = fresh();
  root.append(Object.assign(document.createElement('a'), { href: '#taken-link', textContent: 'the app\'s link' }));
  widget.takeAppLinkAndClick(root);
  await later(100);
  return location.hash;
}, (v) => v === '#taken-link');
step('cloned-app-link-click', async () => {
  const root = fresh();
  root.append(Object.assign(document.createElement('a'), { href: '#cloned-link', textContent: 'the app\'s link' }));
  widget.cloneAppLinkAndClick(root);
  await later(100);
  return location.hash;
}, (v) => v === '#cloned-link');
step('click-inside-app-link', async () => {
  widget.clickInsideAppLink(fresh(appHolder('a', { href: '#inbox-open' })));
  await later(100);
  return location.hash;
}, (v) => v === '#inbox-open');
step('click-inside-app-label', () => {
  const label = appHolder('label');
  const box = Object.assign(document.createElement('input'), { type: 'checkbox' });
  label.append(box, 'Delete my account');
  widget.clickInsideAppLabel(fresh(label));
  return box.checked;
});
step('click-inside-given-link', async () => {
  widget.clickInsideGivenLink(appHolder('a', { href: '#given-link' }));
  await later(100);
  return location.hash;
}, (v) => v === '#given-link');
step('label-for-app-control', () => {
  const root = fresh();
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', id: 'agree' });
  root.append(box);
  widget.labelForAppControl(root);
  return box.checked;
});
step('img-id-clobbers-app-form', () => {
  widget.imageIdClobbersForm(fresh($('login')));
  return $('login').action;
}, (v) => v instanceof Element);
let legacyFocus = 0;
document.addEventListener('DOMFocusIn', (e) => inWidgets(e.target) && legacyFocus++);
step('legacy-focus-event-reaches-app', () => {
  legacyFocus = 0;
  widget.legacyFocusEvent(fresh());
  return legacyFocus;
}, (v) => v > 0);
step('steal-focus-through-label', () => {
  const root = fresh();
  $('password').focus();
  try {
    widget.stealFocusThroughLabel(root);
  } finally {
    var active = document.activeElement;
  }
  return active;
}, (v) => inWidgets(v));
step('dom-exception-prototype', () => widget.domExceptionPrototype(fresh()), (v) => v === DOMException.prototype);
step('exec-command-html', () => widget.execCommandHtml(fresh()));
for (const [id, run, holder] of [
  ['cover-with-app-class', widget.coverWithAppClass, () => fresh()],
  ['cover-from-inline-root', widget.coverFromInlineRoot, () => {
    const span = document.createElement('span');
    appHolder('p').append('Total: ', span); // a counter in the app's text
    return span;
  }],
  ['cover-from-badge', widget.coverFromBadge, () => {
    const badge = widget.mount(fresh(), 'sale');
    header.append(badge); // the app shows the widget's badge in its header
    return badge;
  }],
  ['cover-uncontained-root', widget.uncontainTheRoot, () => fresh()],
  ['cover-child-with-app-class', widget.coverChildWithAppClass, () => fresh()],
]) {
  step(id, async () => {
    try {
      run(holder());
      await later(50);
      return coversPay();
    } finally {
      header.replaceChildren($('brand') ?? Object.assign(document.createElement('span'), { id: 'brand', textContent: 'Shop' }));
    }
  });
}
for (const [id, run] of [['style-escaped-url', widget.styleEscapedUrl], ['html-img-beacon', widget.htmlImageBeacon]]) {
  step(id, async () => {
    const beacon = `beacon-${id}-${nonce}.png`;
    run(fresh(), `${other}/${beacon}`);
    for (let waited = 0; waited < 5000 && !requested(beacon); waited += 50) await later(50);
    return requested(beacon);
  });
}
step('stale-style-handle', async () => {
  const root = fresh();
  const field = document.createElement('div');
  root.append(field);
  const later_ = widget.keepStyle(root);
  widgets.append(field); // the app takes its element back
  try {
    later_();
  } catch (e) {
    field.remove();
    throw e;
  }
  await later(50);
  const covered = coversPay();
  field.remove();
  return covered;
});
step('stale-context-handle', () => {
  const root = fresh();
  const canvas = Object.assign(document.createElement('canvas'), { width: 4, height: 4 });
  root.append(canvas);
  const draw = widget.keepContext(root);
  widgets.append(canvas); // the app takes its canvas back and draws on it
  const c = canvas.getContext('2d');
  c.fillStyle = 'rgb(0, 0, 250)';
  c.fillRect(0, 0, 4, 4);
  draw();
  const d = c.getImageData(0, 0, 1, 1).data;
  return `${d[0]},${d[1]},${d[2]}`;
}, (v) => v === '250,0,0');
step('taken-node-restyled', async () => {
  const root = fresh();
  const placeholder = Object.assign(document.createElement('div'), { textContent: 'loading…' });
  root.append(placeholder);
  try {
    widget.restyleTakenNode(root);
  } finally {
    widgets.append(placeholder); // the app reuses its placeholder
  }
  await later(50);
  const covered = coversPay();
  placeholder.remove();
  return covered;
});
step('taken-app-canvas-read', () => {
  const root = fresh();
  const canvas = Object.assign(document.createElement('canvas'), { width: 4, height: 4 });
  root.append(canvas);
  const c = canvas.getContext('2d');
  c.fillStyle = 'rgb(10, 200, 10)';
  c.fillRect(0, 0, 4, 4);
  return widget.takeAppCanvasAndRead(root);
}, (v) => v === '10,200,10');
step('realm-app-frame-in-root', () => {
  const root = fresh();
  root.append(Object.assign(document.createElement('iframe'), { title: 'the app\'s embed' }));
  return widget.frameInRoot(root);
}, isAnotherWindow);

chain.then(() => {
  reset();
  history.replaceState(null, '', location.pathname);
  done();
});
