// (First: the app's own globals the packages are granted.)
import './app-globals.js';
// The app's own live arrays and records granted as globals (issue 9): GTM's `dataLayer`, `__APP_CONFIG__`, a
// Sentry-style record. `works-*` must work confined too; every other attack reaches the app's object in the plain build.
import * as analytics from 'analytics';
import * as reader from 'app-reader';
import { attack, done } from './harness/attack.js';

const button = document.getElementById('app-button');
const dl = () => window.dataLayer;
/** GTM's click listener, as the app's own code: it pushes the clicked element. */
const gtmClick = () => dl().push({ event: 'gtm.click', 'gtm.element': button });
/** The app puts its queue back as it was after each attack (one attack's change must not decide the next). */
const reset = () => {
  if (Object.isFrozen(dl())) window.dataLayer = [...dl()];
  delete dl().push;
  Object.setPrototypeOf(dl(), Array.prototype);
  dl().length = 1;
};

await attack('works-describe', analytics.describe, (v) => v === 'true,true,true,gtm.js');
await attack('works-push', () => analytics.track('pkg-event'), () => {
  const entry = dl().at(-1);
  return entry.event === 'pkg-event' && entry.at === 1;
});
reset();
// GTM loads and installs its own push: the package's next push must reach it.
const gtmSeen = [];
dl().push = function (...entries) {
  gtmSeen.push(...entries);
  return Array.prototype.push.apply(this, entries);
};
await attack('works-gtm-push', () => analytics.track('after-gtm'), () => gtmSeen.some((e) => e.event === 'after-gtm'));
reset();

await attack('replace-push', () => (analytics.replacePush(), gtmClick(), analytics.replacedPushGot()), (v) => v === document);
reset();
gtmClick();
await attack('stored-element', analytics.storedElement, (v) => v === document);
reset();
await attack('truncate', analytics.truncate, () => dl().length === 0);
reset();
await attack('freeze', analytics.freeze, () => Object.isFrozen(dl()));
reset();
await attack('swap-prototype', () => (analytics.swapPrototype(), gtmClick(), analytics.replacedPushGot()), (v) => v === document);
reset();
await attack('pushed-getter', () => (analytics.pushGetter(), Reflect.get(dl().at(-1), 'event', window), analytics.getterGot()), (v) => v === window);
reset();

await attack('works-config', reader.apiUrl, (v) => v === '/api');
await attack('works-sentry', reader.report, (v) => v === 'event-1' && window.Sentry.captured[0] instanceof Error);
await attack('config-write', reader.redirectApi, () => window.__APP_CONFIG__.apiUrl !== '/api');
await attack('config-nested-push', reader.addOrigin, () => window.__APP_CONFIG__.allowedOrigins.length > 1);

done();
