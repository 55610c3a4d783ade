// Red team, round 9 (s13, the widget's round9.js): ids are the widget's own namespace under Portcullis. Each element
// the app renders for one attack goes at the end of <main>, after the widget's, and is removed after it.
import * as widget from 'widget';
import { cleaning } from './harness/attack.js';

export function registerRound9({ step, fresh, inWidgets }) {
  const main = document.querySelector('main');
  const render = (html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    return main.appendChild(template.content.firstElementChild);
  };

  // ---- Semantics kept: the widget's own ids work inside it (checked in both builds) --------------------------------
  step('ids-own-namespace', () => {
    const root = fresh();
    const failed = widget.ownIdsWork(root);
    // The user's click on its label focuses its own field.
    root.querySelector('label').click();
    const focused = document.activeElement === root.querySelector('input');
    // Its <use href="#w9-icon"> draws its own rect (a use that finds nothing has an empty box).
    const use = root.querySelector('use');
    const drawn = use.getBBox().width === 10;
    return [failed, focused ? '' : 'label', drawn ? '' : 'use'].filter(Boolean).join(',');
  }, (v) => v === '');

  // ---- Rows 66, 69: an id the app renders after the widget's, set other ways --------------------------------------
  step('id-property-before-app', cleaning(main, () => {
    widget.idPropertyBeforeApp(fresh());
    render('<input id="w9-prop">');
    return inWidgets(document.getElementById('w9-prop'));
  }));
  step('id-html-before-app', cleaning(main, () => {
    widget.idHtmlBeforeApp(fresh());
    const app = render('<div><label for="w9-html">Coupon</label><input id="w9-html"></div>');
    return inWidgets(document.getElementById('w9-html')) || app.querySelector('label').control !== app.querySelector('input');
  }));
  step('id-clone-before-app', () => {
    const root = fresh();
    root.innerHTML = '<span id="w9-badge">3</span>';
    const badge = root.firstElementChild;
    widget.idCloneBeforeApp(root);
    return document.getElementById('w9-badge') !== badge;
  });
  step('id-target-before-app', cleaning(main, () => {
    widget.idTargetBeforeApp(fresh());
    render('<section id="w9-target">Terms</section>');
    try {
      location.hash = '#w9-target';
      return inWidgets(document.querySelector(':target'));
    } finally {
      history.replaceState(null, '', location.pathname);
      scrollTo(0, 0);
    }
  }));
  step('id-svg-before-app', cleaning(main, () => {
    widget.gradientBeforeApp(fresh());
    render('<svg><linearGradient id="w9-grad"><stop offset="0" stop-color="red"></stop></linearGradient><rect width="4" height="4" fill="url(#w9-grad)"></rect></svg>');
    return inWidgets(document.getElementById('w9-grad'));
  }));
}
