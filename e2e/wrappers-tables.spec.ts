// The DOM layer's per-node and per-event tables are stamps (src/dom/tables.ts: private fields on the real nodes and
// events, src/boundary/stamp.ts), not WeakMaps: what they decide must hold as before, per package, and nothing of
// them may show, to the package or to the app. Same set-up as wrappers.spec.ts: the app grants an element to a
// dom-mode package (`__portcullis__.grant`) and drives that package's wrappers (hostile-dom may create div, span,
// button, ... and listen to click; nprogress may create div).
import { expect, served, test } from './harness/fixtures.ts';

test.beforeEach(async ({ browserPage }) => {
  await browserPage.goto(served('confined', '/'));
  await browserPage.waitFor('body[data-ready="true"]', 30_000);
});

test('one wrapper per node and per event, whichever way the package reaches it', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    el.innerHTML = '<span>app</span>';
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const made = w.ownerDocument.createElement('button');
    w.append(made);
    const seen: { self: unknown; event: any }[] = [];
    const first = function (this: unknown, event: unknown) { seen.push({ self: this, event }); };
    const second = function (this: unknown, event: unknown) { seen.push({ self: this, event }); };
    made.addEventListener('click', first);
    made.addEventListener('click', second);
    made.addEventListener('click', first); // as the DOM: once per (listener, type, capture)
    (el.lastElementChild as HTMLElement).click(); // a real click: its event reaches both listeners as one wrapper
    const real = seen.splice(0);
    (el.lastElementChild as HTMLElement).click(); // a new real event: a new wrapper
    const again = seen.splice(0);
    const own = new real[0]!.event.constructor('click'); // the package's Event: its own events are their own wrappers
    const notCancelled = made.dispatchEvent(own);
    const dispatched = seen.splice(0);
    const out = {
      made: w.lastChild === made && w.childNodes[1] === made && w.querySelector('button') === made && made.parentNode === w,
      app: w.firstChild === w.querySelector('span') && w.firstChild === w.childNodes[0] && w.firstChild.parentNode === w,
      realCalls: real.length,
      thisIsWrapper: [...real, ...again, ...dispatched].every((s) => s.self === made),
      oneEventWrapper: real[0]!.event === real[1]!.event && real[0]!.event.target === made,
      newEventNewWrapper: again.length === 2 && again[0]!.event === again[1]!.event && again[0]!.event !== real[0]!.event,
      ownEventIsItself: dispatched.length === 2 && dispatched.every((s) => s.event === own) && notCancelled,
    };
    el.remove();
    return out;
  });
  expect(result).toEqual({
    made: true, app: true, realCalls: 2, thisIsWrapper: true, oneEventWrapper: true, newEventNewWrapper: true, ownEventIsItself: true,
  });
});

test('made, taken and neither, per package: a node the package did not make is never its own', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    el.innerHTML = '<span>app</span>';
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const attempt = (fn: () => unknown) => {
      try {
        fn();
        return 'ok';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const made = w.ownerDocument.createElement('button');
    w.append(made);
    const appSpan = w.firstChild;
    const out: Record<string, string> = {
      // Its own element: it may click it; the app's, inside its grant, it may change but not click.
      clickOwn: attempt(() => made.click()),
      clickApp: attempt(() => appSpan.click?.() ?? 'no click'),
      // A copy of its own is its own; a copy of the app's is taken, not made.
      clickOwnCopy: attempt(() => made.cloneNode(true).click()),
      clickAppCopy: attempt(() => appSpan.cloneNode(true).click?.() ?? 'no click'),
    };
    // An app node it takes out of its tree: its own to read and put back while detached, not to change.
    w.removeChild(appSpan);
    out.takenRead = attempt(() => appSpan.textContent);
    out.takenWrite = attempt(() => appSpan.setAttribute('title', 'x'));
    out.takenBack = attempt(() => w.appendChild(appSpan));
    // The app moves its node out of the package's elements: the wrapper stops working.
    document.body.append(el.querySelector('span')!);
    const moved = document.body.lastElementChild!;
    out.movedOut = attempt(() => appSpan.textContent);
    moved.remove();
    // Another package is given the element hostile-dom made: a root of its own, but not made by it.
    const host = document.createElement('div');
    document.body.append(host);
    host.append(el.querySelector('button')!);
    const other = registry.grant('nprogress', host.firstElementChild!);
    out.otherPackageSeesRoot = String(other !== made && other.tagName === 'BUTTON');
    out.otherPackageClick = attempt(() => other.click());
    host.remove();
    el.remove();
    return out;
  });
  expect(result).toEqual({
    clickOwn: 'ok',
    clickApp: expect.stringMatching(/^PortcullisPolicyError: .*click\(\) on an element it did not create/),
    clickOwnCopy: 'ok',
    clickAppCopy: expect.stringMatching(/^PortcullisPolicyError: .*click\(\) on an element it did not create/),
    takenRead: 'ok',
    takenWrite: expect.stringMatching(/^PortcullisPolicyError: .*on a node it took from the app/),
    takenBack: 'ok',
    movedOut: expect.stringMatching(/^PortcullisPolicyError: .*no longer inside the package's elements/),
    otherPackageSeesRoot: 'true',
    otherPackageClick: expect.stringMatching(/^PortcullisPolicyError: .*click\(\) on an element it did not create/),
  });
});

test('the stamps show nowhere: not on the wrappers and events a package holds, not on the real nodes the app holds', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    document.body.append(el);
    const keysOf = (o: object) => {
      const keys = new Set<string>();
      for (let p: object | null = o; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        // Stop at the real DOM's own prototypes: only what is added to the object or above its class counts.
        if (p === HTMLElement.prototype || p === Event.prototype) break;
        for (const k of Reflect.ownKeys(p)) keys.add(typeof k === 'symbol' ? `symbol ${String(k.description)}` : k);
      }
      return keys;
    };
    const ownKeys = (o: object) => Reflect.ownKeys(o).map(String).join(',');
    const baseline = { node: ownKeys(document.createElement('button')), symbols: keysOf(document.createElement('button')) };
    const w = registry.grant('hostile-dom', el);
    const made = w.ownerDocument.createElement('button');
    w.append(made);
    let event: any;
    made.addEventListener('click', (e: unknown) => { event = e; });
    (el.firstElementChild as HTMLElement).click();
    made.dispatchEvent(new event.constructor('click'));
    const realMade = el.firstElementChild!;
    const symbolsOf = (o: object) => [...keysOf(o)].filter((k) => k.startsWith('symbol ')).join(',');
    return {
      // The package's side: a wrapper and an event wrapper have no own keys at all (their real node or event is a
      // private field) and no symbol anywhere on their chain.
      wrapperOwnKeys: ownKeys(made),
      wrapperSymbols: symbolsOf(made),
      eventOwnKeys: ownKeys(event),
      eventSymbols: symbolsOf(event),
      // The app's side: the real node the package made, was wrapped, listened on and dispatched on has exactly the
      // keys of a fresh element, and stays extensible and unfrozen.
      realNodeKeys: ownKeys(realMade) === baseline.node,
      realNodeSymbols: symbolsOf(realMade) === [...baseline.symbols].filter((k) => k.startsWith('symbol ')).join(','),
      realNodeExtensible: Object.isExtensible(realMade) && !Object.isFrozen(realMade),
      grantedKeys: ownKeys(el),
    };
  });
  expect(result).toEqual({
    wrapperOwnKeys: '', wrapperSymbols: '', eventOwnKeys: '', eventSymbols: '',
    realNodeKeys: true, realNodeSymbols: true, realNodeExtensible: true, grantedKeys: '',
  });
});
