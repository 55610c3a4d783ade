// Invariant 4, action: what a package sets off stays with the package (THREATS.md row 70). Installed once per page,
// before any other script: a capture listener on the real window, the first one there, for the events that a
// package's `click()`, `focus()` or `blur()` makes the browser fire (the click itself, a label's click on its
// control, input/change of a checkbox, focus and blur). While a package acts, such an event is stopped at the window,
// before any app listener (capture or not) sees it, and handed to that package's own listeners on its own elements.
// The browser's default action (a checkbox toggling, a label focusing its control) still happens. A click no package
// makes (the user's) first goes to each package's guard (activation.ts: its own label or button naming an app element
// added since), from this same first listener, so no app listener can stop it before.
import type { RealDom } from './real.js';

const CAUSED_TYPES = [
  'click', 'auxclick', 'dblclick', 'DOMActivate', 'input', 'change', 'beforeinput', 'select', 'focus', 'blur',
  'focusin', 'focusout', 'DOMFocusIn', 'DOMFocusOut', 'submit', 'formdata', 'reset', 'invalid', 'toggle', 'beforetoggle', 'command', 'cancel', 'close',
];

export interface Acting {
  /** Runs `act` (a real click/focus/blur) with every event it causes handed to `deliver` instead of the page. */
  run<T>(deliver: (event: Event) => void, act: () => T): T;
  /** Adds a guard that sees every click no package makes, before any other listener of the page. */
  guardClicks(guard: (event: Event) => void): void;
}

export function installActingHook(win: Window, add: RealDom['eventTarget']['addEventListener'], stopImmediate: (e: Event) => void): Acting {
  let deliverTo: ((event: Event) => void) | null = null;
  const guards: ((event: Event) => void)[] = [];
  const hook = (event: Event) => {
    const deliver = deliverTo;
    if (!deliver) {
      if (event.type === 'click') for (let i = 0; i < guards.length; i++) guards[i]!(event);
      return;
    }
    stopImmediate(event);
    // The package's listeners run as the app's would: what they set off themselves goes through `run` again.
    deliverTo = null;
    try {
      deliver(event);
    } finally {
      deliverTo = deliver;
    }
  };
  for (const type of CAUSED_TYPES) add(win, type, hook, true);
  return {
    guardClicks(guard) {
      guards.push(guard);
    },
    run(deliver, act) {
      const outer = deliverTo;
      deliverTo = deliver;
      try {
        return act();
      } finally {
        deliverTo = outer;
      }
    },
  };
}
