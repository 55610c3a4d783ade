// Red team, round 7 (the widget's round7.js): registered by main.js after round6.js. The app's radios outside any
// form (an SPA's plan picker) are rendered at the end of <main> for one attack and removed after it.
import * as widget from 'widget';
import { cleaning } from './harness/attack.js';

export function registerRound7({ step, fresh, widgets }) {
  const main = document.querySelector('main');
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
  for (const [id, attack, name, values] of [
    ['radio-joins-app-group', widget.radioJoinsAppGroup, 'w7-plan', ['basic', 'pro']],
    ['radio-html-joins-app-group', widget.radioHtmlJoinsAppGroup, 'w7-tip', ['10', '20']],
    ['radio-type-after-name', widget.radioTypeAfterName, 'w7-gift', ['no', 'yes']],
  ]) {
    step(id, cleaning(main, () => {
      const box = appRadios(name, values, values[0]);
      attack(fresh());
      return choice(box);
    }), (v) => v === 'none');
  }

  // ---- Row 62: the user's choice among the app's radios, through the widget's own ------------------------------------
  step('radio-spy-app-choice', cleaning(main, () => {
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

  // ---- Row 65: a timeline name the app's page shares ------------------------------------------------------------
  document.head.appendChild(Object.assign(document.createElement('style'), {
    textContent: 'main { timeline-scope: --w7-progress } #w7-article { height: 40px; view-timeline-name: --w7-progress } #w7-bar { height: 2px; animation: w7-grow linear both; animation-timeline: --w7-progress } @keyframes w7-grow { from { width: 0 } to { width: 100px } }',
  }));
  /** Whose view drives the app's bar: 'app' (its article), else what its animation's timeline is now. */
  const barDrivenBy = (bar, article) => {
    const timeline = bar.getAnimations()[0]?.timeline;
    if (!timeline) return String(timeline);
    if (!('subject' in timeline)) return timeline.constructor.name;
    return timeline.subject === article ? 'app' : timeline.subject === null ? 'no subject' : 'another element';
  };
  const timelineStep = (id, attack) => step(id, cleaning(main, () => {
    const article = Object.assign(document.createElement('article'), { id: 'w7-article', textContent: 'the app\'s article' });
    const bar = Object.assign(document.createElement('div'), { id: 'w7-bar' });
    main.append(bar, article);
    const control = barDrivenBy(bar, article);
    attack(fresh());
    return `${control} ${barDrivenBy(bar, article)}`;
  }), (v) => v.startsWith('app ') && v !== 'app app');
  timelineStep('timeline-name-in-style', widget.timelineNameInStyle);
  timelineStep('timeline-name-in-stylesheet', widget.timelineNameInStylesheet);
}
