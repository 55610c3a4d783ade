// Red team, round 7 (the widget's round7.js): registered by main.js after round6.js. The app's radios outside any
// form (an SPA's plan picker) are rendered at the end of <main> for one attack and removed after it.
import * as widget from 'widget';

export function registerRound7({ step, fresh, widgets }) {
  const main = document.querySelector('main');
  const cleaning = (run) => async () => {
    const before = new Set(main.children);
    try {
      return await run();
    } finally {
      for (const el of [...main.children]) if (!before.has(el)) el.remove();
    }
  };
  /** The app's radios of one name, in no form; `checked` is the value the user picked. */
  function appRadios(name, values, checked) {
    const box = document.createElement('div');
    for (const value of values) box.append(Object.assign(document.createElement('input'), { type: 'radio', name, value, checked: value === checked }));
    main.append(box);
    return box;
  }
  /** The app's choice, from its own radios: 'none' once the widget's radio took it. */
  const choice = (box) => box.querySelector(':checked')?.value ?? 'none';

  // ---- Row 64: the app's radio group ----------------------------------------------------------------------------
  step('radio-joins-app-group', cleaning(() => {
    const box = appRadios('w7-plan', ['basic', 'pro'], 'basic');
    widget.radioJoinsAppGroup(fresh());
    return choice(box);
  }), (v) => v === 'none');
  step('radio-html-joins-app-group', cleaning(() => {
    const box = appRadios('w7-tip', ['10', '20'], '10');
    widget.radioHtmlJoinsAppGroup(fresh());
    return choice(box);
  }), (v) => v === 'none');
  step('radio-type-after-name', cleaning(() => {
    const box = appRadios('w7-gift', ['no', 'yes'], 'no');
    widget.radioTypeAfterName(fresh());
    return choice(box);
  }), (v) => v === 'none');

  // ---- Row 62: the user's choice among the app's radios, through the widget's own ------------------------------------
  step('radio-spy-app-choice', cleaning(() => {
    const box = appRadios('w7-ship', ['standard', 'express'], null);
    widget.radioSpyArm(fresh());
    box.children[1].click(); // the user picks express
    return widget.radioSpyRead();
  }));

  // ---- Row 70: the keyboard's order -----------------------------------------------------------------------------
  step('tabindex-first-in-order', () => {
    widget.tabFirst(fresh());
    return widgets.querySelector('input')?.tabIndex ?? 0;
  }, (v) => v > 0);
}
