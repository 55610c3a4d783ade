// Red team, round 6 (the widget's round6.js): registered by main.js in its chain, after more.js. Most set the page up
// after the widget acted: the app renders a form, a button, a menu, a dialog or a field later, under an id the
// widget named first, or starts a view transition; each element it renders goes at the end of <main>, after the
// widget's, and is removed after the attack.
import * as widget from 'widget';
import { cleaning, later } from './harness/attack.js';

export function registerRound6({ step, fresh, widgets, $ }) {
  const main = document.querySelector('main');
  /** A fresh element of the app's, in the widgets' container, that will hold the widget's element. */
  function appHolder(tag, attributes = {}) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    widgets.append(el);
    return el;
  }
  /** The app renders `html` at the end of <main> (a route that loads later) and returns its first element. */
  function renderLater(html) {
    const template = document.createElement('template');
    template.innerHTML = html;
    const el = template.content.firstElementChild;
    main.append(el);
    return el;
  }
  const appStyle = (css) => document.head.appendChild(Object.assign(document.createElement('style'), { textContent: css }));
  /** The user's own click on the widget's element (the app cannot make a trusted one; activation is the same). */
  const userClicks = (selector) => widgets.querySelector(selector).click();

  // ---- Row 62: an app ancestor's state through the widget's own elements --------------------------------------
  step('selector-app-fieldset-disabled', () => widget.disabledByAppFieldset(fresh(appHolder('fieldset', { disabled: '' }))));
  step('selector-app-fieldset-enabled', () => widget.enabledByAppFieldset(fresh(appHolder('fieldset', { disabled: '' }))));
  step('selector-own-disabled', () => widget.ownDisabledKept(fresh())); // semantics: reached in both builds

  // ---- Row 67: the app's own blob: URL, its scheme split by a tab (the URL parser drops it) ----------------------
  step('blob-url-disguised', () => {
    const url = URL.createObjectURL(new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' }));
    return widget.disguisedBlobUrl(fresh(), `bl\tob:${url.slice('blob:'.length)}`);
  });

  // ---- Row 64: an id named before the app's element has it --------------------------------------------------------
  step('late-form-field-joins-app-form', cleaning(main, () => {
    widget.lateFormField(fresh());
    const form = renderLater('<form id="later-form" action="/checkout"><input name="item" value="book"></form>');
    return new FormData(form).get('amount');
  }), (v) => v === '1000');
  let laterClicks = 0;
  step('late-label-for-user-click', cleaning(main, () => {
    widget.lateLabelFor(fresh());
    renderLater('<button id="later-button" type="button">Delete my account</button>').addEventListener('click', () => laterClicks++);
    userClicks('label');
    return laterClicks;
  }), (v) => v > 0);
  step('late-popovertarget-user-click', cleaning(main, () => {
    widget.latePopoverTarget(fresh());
    const menu = renderLater('<div id="later-menu" popover>the app\'s account menu</div>');
    userClicks('button');
    return menu.matches(':popover-open');
  }));
  step('late-commandfor-user-click', cleaning(main, () => {
    widget.lateCommandFor(fresh());
    const dialog = renderLater('<dialog id="later-dialog">Transfer $500? <button value="cancel">Cancel</button></dialog>');
    dialog.show();
    userClicks('button');
    return dialog.returnValue;
  }), (v) => v === 'confirm');

  // ---- Row 65: names the whole page shares ---------------------------------------------------------------------
  appStyle('#pay { anchor-name: --pay-anchor } .pay-tip { position: absolute; position-anchor: --pay-anchor; top: anchor(bottom); left: anchor(left); margin: 0 }');
  /** Where the app's tooltip, anchored under its pay button, is once the widget acted: under the pay button, or
   * under the widget's element. */
  const tipUnder = async () => {
    const tip = document.body.appendChild(Object.assign(document.createElement('p'), { className: 'pay-tip', textContent: 'Card ending 4242' }));
    try {
      await later(50);
      const top = tip.getBoundingClientRect().top;
      const span = widgets.querySelector('span');
      if (span && Math.abs(top - span.getBoundingClientRect().bottom) < 1) return 'the widget\'s element';
      return Math.abs(top - $('pay').getBoundingClientRect().bottom) < 1 ? 'the pay button' : `elsewhere (${top})`;
    } finally {
      tip.remove();
    }
  };
  step('anchor-name-in-style', async () => {
    widget.anchorNameInStyle(fresh());
    return tipUnder();
  }, (v) => v === 'the widget\'s element');
  step('anchor-name-in-stylesheet', async () => {
    widget.anchorNameInStylesheet(fresh());
    return tipUnder();
  }, (v) => v === 'the widget\'s element');

  /** The app's own view transition (a route change): 'ok' when it runs, else why it did not. */
  async function appTransition(during) {
    if (typeof document.startViewTransition !== 'function') return 'no view transitions';
    const transition = document.startViewTransition(() => {});
    try {
      await transition.ready;
      return during ? await during() : 'ok';
    } catch (error) {
      return String(error?.name ?? error);
    } finally {
      transition.skipTransition();
      await transition.finished.catch(() => {});
    }
  }
  step('view-transition-app-name', async () => {
    $('brand').style.viewTransitionName = 'app-hero';
    try {
      const control = await appTransition();
      widget.viewTransitionAppName(fresh());
      return `${control} ${await appTransition()}`;
    } finally {
      $('brand').style.viewTransitionName = '';
    }
  }, (v) => v.startsWith('ok ') && v !== 'ok ok');
  /** Whether the transition draws the group of `name` over the app's pay button (the widget's box, whole, above the
   * page): the group's first keyframe places it, at its element's border box. */
  const drawnOverPay = (name) => appTransition(async () => {
    const group = document.getAnimations().find((a) => a.effect?.pseudoElement === `::view-transition-group(${name})`);
    const frame = group?.effect?.getKeyframes?.()[0];
    if (!frame) return false;
    const { e: left, f: top } = new DOMMatrix(frame.transform);
    const pay = $('pay').getBoundingClientRect();
    const [x, y] = [pay.left + pay.width / 2, pay.top + pay.height / 2];
    return x >= left && x <= left + parseFloat(frame.width) && y >= top && y <= top + parseFloat(frame.height);
  });
  step('view-transition-cover', async () => {
    widget.viewTransitionCover(fresh());
    return drawnOverPay('w6-cover');
  });

  // ---- Row 68: pixels of an image it may load, read through a pattern ----------------------------------------
  step('read-image-through-pattern', () => widget.readThroughPattern(fresh()), (v) => v === '12,34,56');
}
