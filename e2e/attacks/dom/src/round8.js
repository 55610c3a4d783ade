// Red team, round 8 (the widget's round8.js): registered by main.js after round7.js. The app's checkout steps are
// numbered by a CSS counter and its quotes nest; each element the app renders for one attack goes at the end of
// <main>, after the widget's, and is removed after it.
import * as widget from 'widget';
import { cleaning, later } from './harness/attack.js';

export function registerRound8({ step, fresh, widgets, $, inWidgets }) {
  const main = document.querySelector('main');
  document.head.appendChild(Object.assign(document.createElement('style'), {
    textContent: 'main { counter-reset: w8-step w8-cart 8888 } .w8-step { display: inline-block } .w8-step::before { counter-increment: w8-step; content: counter(w8-step) } q.w8-q { display: inline-block; quotes: "<" ">" "[[[[[[" "]]]]]]" }',
  }));
  /** The app's element rendered after the widget's: its width before and after the widget acted. */
  const widthStep = (id, html, attack) => step(id, cleaning(main, () => {
    const template = document.createElement('template');
    template.innerHTML = html;
    const el = main.appendChild(template.content.firstElementChild);
    const before = el.offsetWidth;
    attack(fresh());
    return `${before} ${el.offsetWidth}`;
  }), (v) => Number(v.split(' ')[1]) > Number(v.split(' ')[0]));

  // ---- Row 65: the app's step "1" drawn as "1001", its quotes as nested ones -------------------------------------
  widthStep('counter-increment-in-style', '<span class="w8-step"></span>', widget.counterIncrementInStyle);
  widthStep('counter-increment-in-stylesheet', '<span class="w8-step"></span>', widget.counterIncrementInStylesheet);
  widthStep('counter-set-in-style', '<span class="w8-step"></span>', widget.counterSetInStyle);
  widthStep('quote-depth-in-stylesheet', '<q class="w8-q">10% off</q>', widget.quoteDepthInStylesheet);

  // ---- Row 62: the app's counter read back (known open: style containment scopes changes, not reads) -------------
  step('counter-reads-app', () => widget.counterReadsApp(fresh()));

  // ---- Rows 66, 69: an id the app renders after the widget's: its look-up and its label find the widget's field -----
  step('id-before-app-render', cleaning(main, () => {
    widget.idBeforeApp(fresh());
    const template = document.createElement('template');
    template.innerHTML = '<div><label for="w8-coupon">Coupon</label><input id="w8-coupon" name="coupon"></div>';
    const app = main.appendChild(template.content.firstElementChild);
    return inWidgets(document.getElementById('w8-coupon')) || inWidgets(app.querySelector('label').control);
  }));

  // ---- Row 62: the page's selection and caret ---------------------------------------------------------------------
  const selectBrand = (run) => () => {
    getSelection().selectAllChildren($('brand'));
    try {
      return run();
    } finally {
      getSelection().removeAllRanges();
    }
  };
  step('document-selection', selectBrand(() => widget.documentSelection()), (v) => v === 'Shop');
  step('window-selection', selectBrand(() => widget.windowSelection()), (v) => v === 'Shop');
  step('caret-from-point', () => {
    const r = $('pay').getBoundingClientRect();
    return widget.caretFromPoint(fresh(), r.left + r.width / 2, r.top + r.height / 2);
  }, (v) => v === $('pay').firstChild);

  // ---- Row 65: the app's page and elements moved --------------------------------------------------------------------
  step('scroll-page-into-view', async () => {
    try {
      widget.scrollPageToOwn(fresh());
      await later(50);
      return scrollY;
    } finally {
      scrollTo(0, 0);
    }
  }, (v) => v > 0);
  step('animate-app-root', () => {
    const root = fresh();
    widget.animateAppRoot(root);
    return root.getAnimations().length;
  }, (v) => v > 0);
  step('inert-app-root', () => {
    const root = fresh();
    root.append(Object.assign(document.createElement('a'), { href: '#inert', textContent: 'the app\'s link' }));
    widget.inertAppRoot(root);
    return root.inert;
  });
}
