// More of each class (red team, round 5): registered by main.js in its chain, with its helpers, after the attacks of
// rows 62-70 and realm creation. Each attack's comment in the widget says what it tries.
import * as widget from 'widget';
import { later } from './harness/attack.js';

export function registerMore({ step, fresh, widgets, $, inWidgets, header, coversPay, other, nonce, requested, isAnotherWindow, session }) {
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
}
