// Unit tests of the DOM wrappers, in the three engines, through the runtime's public crossing: the app grants an
// element to a dom-mode package (`__portcullis__.grant`) and gets back that package's wrapper, the very object the
// package would see. Runs against the confined playground build (its policy gives hostile-dom and nprogress a dom
// section; hostile-dom may create div, span, a, img, ... and listen to click).
import { expect, served, test } from './harness/fixtures.ts';

test.beforeEach(async ({ browserPage }) => {
  await browserPage.goto(served('confined', '/'));
  await browserPage.waitFor('body[data-ready="true"]', 30_000);
});

test('one wrapper per node, a brand check per package, hardened classes, no real node or prototype handed out', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    el.innerHTML = '<span>a</span><span>b</span>';
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const other = registry.grant('nprogress', el);
    const errors: string[] = [];
    const attempt = (fn: () => unknown) => {
      try {
        fn();
        return 'ok';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message.slice(0, 60)}`;
      }
    };
    errors.push(attempt(() => other.appendChild(w.firstChild)));
    errors.push(attempt(() => new (w.constructor as new () => unknown)()));
    const proto = Object.getPrototypeOf(w);
    const out = {
      sameWrapper: registry.grant('hostile-dom', el) === w && w.firstChild === w.firstChild && w.childNodes[1] === w.lastChild,
      perPackage: w !== other && w !== (el as unknown),
      notRealNode: !(w instanceof Node) && !(w.firstChild instanceof Node),
      frozenPrototype: Object.isFrozen(proto) && Object.isFrozen(Object.getPrototypeOf(proto)),
      childNodesFrozenArray: Array.isArray(w.childNodes) && Object.isFrozen(w.childNodes),
      rootParentIsNull: w.parentNode === null && w.nextSibling === null && w.parentElement === null,
      ownerDocumentIsFacade: w.ownerDocument !== document && typeof w.ownerDocument.createElement === 'function',
      rectIsPlain: Object.getPrototypeOf(w.getBoundingClientRect()) === Object.prototype && Object.isFrozen(w.getBoundingClientRect()),
      // The constructor is the facade's interface: no static (an `unwrap`) leads from it to the real node.
      constructorStatics: [w, w.firstChild, w.ownerDocument.createTextNode('t')]
        .map((x) => {
          const keys: string[] = [];
          for (let c = x.constructor; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) keys.push(...Reflect.ownKeys(c).map(String));
          return [...new Set(keys)].sort().join(',');
        })
        .join(' | '),
      errors,
    };
    el.remove();
    return out;
  });
  expect(result).toEqual({
    sameWrapper: true, perPackage: true, notRealNode: true, frozenPrototype: true, childNodesFrozenArray: true,
    rootParentIsNull: true, ownerDocumentIsFacade: true, rectIsPlain: true,
    constructorStatics: 'length,name,prototype | length,name,prototype | length,name,prototype',
    errors: ['TypeError: appendChild: expected a node from this package', 'TypeError: Illegal constructor'],
  });
});

test('HTML strings are sanitised to granted tags and safe attributes; style, attribute and URL rules hold', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const attempt = (fn: () => unknown) => {
      try {
        fn();
        return 'ok';
      } catch (e) {
        return (e as Error).name;
      }
    };
    w.innerHTML = '<div class="a" onclick="x()"><script>1</script><b>bold</b><img src="/p.png" srcset="https://evil.example/a.png 2x"></div>';
    const sanitised = el.innerHTML;
    const span = w.ownerDocument.createElement('span');
    w.appendChild(span);
    const results = {
      sanitised,
      colour: attempt(() => { span.style.color = 'red'; }),
      colourApplied: (el.firstElementChild!.nextElementSibling as HTMLElement | null)?.style.color ?? (el.lastElementChild as HTMLElement).style.color,
      cssUrl: attempt(() => span.style.setProperty('background', 'url(https://evil.example/x.png)')),
      escapedCssUrl: attempt(() => span.style.setProperty('background', '\\75 rl(https://evil.example/x.png)')),
      fixed: attempt(() => { span.style.position = 'fixed'; }),
      styleAttribute: attempt(() => span.setAttribute('style', 'color: blue; background-image: url(https://evil.example/y.png)')),
      title: attempt(() => span.setAttribute('title', 'fine')),
      sameOriginImage: attempt(() => { const i = w.ownerDocument.createElement('img'); i.setAttribute('src', '/page.png'); }),
      // A link navigates: dom.navigate, which hostile-dom does not have (origins only allow loading).
      sameOriginLink: attempt(() => { const a = w.ownerDocument.createElement('a'); a.setAttribute('href', '/page'); }),
      foreignLink: attempt(() => { const a = w.ownerDocument.createElement('a'); a.setAttribute('href', 'https://evil.example/'); }),
      dataUrlImage: attempt(() => { const i = w.ownerDocument.createElement('img'); i.setAttribute('src', 'data:image/svg+xml,<svg onload=alert(1)>'); }),
      styleHasNoConstructorPath: span.style.constructor === Object.getPrototypeOf(span.style).constructor && !('setProperty' in Object.getPrototypeOf(Object.getPrototypeOf(span.style))),
      classList: (() => { span.classList.add('x', 'y'); span.classList.remove('x'); return span.className; })(),
      dataset: (() => { span.dataset.k = 'v'; return `${span.getAttribute('data-k')} ${Object.getPrototypeOf(span.dataset)}`; })(),
    };
    el.remove();
    return results;
  });
  expect(result).toEqual({
    // (Each element it made carries the mark its stylesheets are confined to.)
    sanitised: '<div class="a" data-portcullis-owner="hostile-dom">bold<img src="/p.png" data-portcullis-owner="hostile-dom"></div>',
    colour: 'ok',
    colourApplied: 'red',
    cssUrl: 'PortcullisPolicyError',
    escapedCssUrl: 'PortcullisPolicyError',
    fixed: 'PortcullisPolicyError',
    styleAttribute: 'PortcullisPolicyError',
    title: 'ok',
    sameOriginImage: 'ok',
    sameOriginLink: 'PortcullisPolicyError',
    foreignLink: 'PortcullisPolicyError',
    dataUrlImage: 'PortcullisPolicyError',
    styleHasNoConstructorPath: true,
    classList: 'y',
    dataset: 'v null',
  });
});

test('events: granted types only, wrapped targets, listeners called with the wrapper as this, no bubbling out', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const child = w.ownerDocument.createElement('button');
    w.appendChild(child);
    const seen: string[] = [];
    let appSawBubble = false;
    const onDocument = () => { appSawBubble = true; };
    document.addEventListener('ping', onDocument);
    child.addEventListener('click', function (this: unknown, event: any) {
      seen.push(`this=${this === child} target=${event.target === child} current=${event.currentTarget === child} path=${event.composedPath().length} related=${event.relatedTarget}`);
    });
    (el.firstElementChild as HTMLElement).click(); // a real, trusted click from the app
    let deniedType = '';
    try {
      child.addEventListener('keydown', () => {});
    } catch (e) {
      deniedType = (e as Error).name;
    }
    const EventCtor = Object.getPrototypeOf(w.ownerDocument).constructor; // not the real Event: just checking no escape
    void EventCtor;
    let realDispatch = '';
    try {
      child.dispatchEvent(new Event('ping', { bubbles: true }));
    } catch (e) {
      realDispatch = (e as Error).name;
    }
    document.removeEventListener('ping', onDocument);
    el.remove();
    return { seen, deniedType, realDispatch, appSawBubble };
  });
  expect(result).toEqual({
    seen: ['this=true target=true current=true path=2 related=null'],
    deniedType: 'PortcullisPolicyError',
    realDispatch: 'PortcullisPolicyError',
    appSawBubble: false,
  });
});

test('scoped selectors keep their meaning inside the package\'s elements, and see nothing outside them', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const outer = document.createElement('section');
    outer.className = 'outside';
    outer.setAttribute('data-secret', 'xyz');
    const el = document.createElement('div');
    el.innerHTML = '<ul class="list"><li class="a">1</li><li class="b" title="t">2</li><li class="a">3</li></ul><p><span id="deep">x</span></p>';
    outer.append(document.createElement('i'), el);
    document.body.append(outer);
    const w = registry.grant('hostile-dom', el);
    const texts = (list: any[]) => list.map((n) => n.textContent).join(',');
    const attempt = (fn: () => unknown) => {
      try {
        return fn();
      } catch (e) {
        return (e as Error).name;
      }
    };
    const out = {
      descendant: texts(w.querySelectorAll('ul .a')),
      child: texts(w.querySelectorAll(':scope > ul > li')),
      adjacent: texts(w.querySelectorAll('.a + .b, .b + .a')),
      sibling: texts(w.querySelectorAll('.a ~ li')),
      nth: texts(w.querySelectorAll('li:nth-child(2n+1)')),
      notIs: texts(w.querySelectorAll('li:not(.b):is(.a)')),
      has: texts(w.querySelectorAll('p:has(> #deep), ul:has(.b)').map((n: any) => n.firstChild)),
      attribute: w.querySelector('[title="t"]')?.textContent,
      closest: w.querySelector('#deep').closest('p') === w.lastChild && w.querySelector('#deep').closest('div') === w,
      matchesInside: w.querySelector('#deep').matches('div p > span') && w.querySelector('li').matches('ul > :first-child'),
      byId: w.ownerDocument.getElementById('deep') === w.querySelector('#deep'),
      // Outside: the section, its attribute and its other child are not in the package's view.
      outsideAncestor: w.matches('.outside *') || w.matches('[data-secret] div') || w.closest('section') !== null,
      outsideSibling: w.matches('i + div') || w.matches('i ~ *') || w.matches(':nth-child(2)') || w.matches(':last-child'),
      rootRefused: attempt(() => w.matches(':root *')),
      isCombinatorWithin: attempt(() => w.matches(':is(section div)')),
      pseudoElementRefused: attempt(() => w.querySelector('li::before')),
      invalid: attempt(() => w.querySelector('li[')),
    };
    outer.remove();
    return out;
  });
  expect(result).toEqual({
    descendant: '1,3', child: '1,2,3', adjacent: '2,3', sibling: '2,3', nth: '1,3', notIs: '1,3', has: '1,x', attribute: '2',
    closest: true, matchesInside: true, byId: true, outsideAncestor: false, outsideSibling: false,
    rootRefused: 'PortcullisPolicyError', isCombinatorWithin: false, pseudoElementRefused: 'PortcullisPolicyError', invalid: 'SyntaxError',
  });
});

test('events the package makes: capture and target phases along its own elements only, once, stopPropagation', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const doc = w.ownerDocument;
    const child = doc.createElement('span');
    w.appendChild(child);
    // The package's own Event class, as its code sees it: the constructor of an event it received.
    let PackageEvent: any;
    const grab = (e: any) => { PackageEvent = e.constructor; };
    w.addEventListener('click', grab);
    (el.firstElementChild as HTMLElement).click();
    w.removeEventListener('click', grab);
    const log: string[] = [];
    let appSaw = 0;
    const app = () => appSaw++;
    document.addEventListener('click', app, true);
    window.addEventListener('click', app, true);
    w.addEventListener('click', (e: any) => log.push(`root-capture:${e.eventPhase}:${e.currentTarget === w}:${e.target === child}`), true);
    child.addEventListener('click', (e: any) => log.push(`target:${e.eventPhase}:${e.composedPath().length}`), { once: true });
    w.addEventListener('click', () => log.push('root-bubble (never: its events do not bubble)'));
    child.dispatchEvent(new PackageEvent('click'));
    child.dispatchEvent(new PackageEvent('click'));
    const button = doc.createElement('button');
    w.appendChild(button);
    button.addEventListener('click', (e: any) => { log.push('button'); e.stopPropagation(); });
    button.click(); // what a package's click() sets off: its listeners only, never the app's
    const input = doc.createElement('input');
    w.appendChild(input);
    input.value = 'typed';
    document.removeEventListener('click', app, true);
    window.removeEventListener('click', app, true);
    el.remove();
    return { log, appSaw, value: input.value };
  });
  expect(result).toEqual({
    log: ['root-capture:1:true:true', 'target:2:2', 'root-capture:1:true:true', 'root-capture:1:true:false', 'button'],
    appSaw: 0,
    value: 'typed',
  });
});

test('combinators inside :not(), :is() and :where() are walked within the package\'s elements only', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    // The app's own ancestor is inert: the real selector sees it, the widget's view ends at the granted element.
    const outer = document.createElement('div');
    outer.setAttribute('data-secret', 'x');
    const el = document.createElement('div');
    el.innerHTML = '<section inert><button id="a"></button></section><button id="b"></button><p class="x"></p><i class="y"></i>';
    outer.append(el);
    document.body.append(outer);
    const w = registry.grant('hostile-dom', el);
    const ids = (list: ArrayLike<{ id: string }>) => Array.from(list, (n) => n.id).join(',');
    const a = w.querySelector('#a');
    const b = w.querySelector('#b');
    const out = {
      realOutside: el.querySelector('#b')!.matches(':not([data-secret] *)'),
      tabbable: ids(w.querySelectorAll('button:not([inert]):not([inert] *)')),
      insideInert: [a.matches(':not([inert] *)'), b.matches(':not([inert] *)'), a.matches(':is([inert] > button)')],
      wallHidesOutside: [b.matches(':not([data-secret] *)'), b.matches(':is([data-secret] *)'), w.matches(':where(body *)')],
      siblingInView: w.querySelector('i').matches(':is(.x + *)'),
      closest: b.closest(':not(section *)') === b,
    };
    outer.remove();
    return out;
  });
  expect(result).toEqual({
    realOutside: false,
    tabbable: 'b',
    insideInert: [false, true, true],
    wallHidesOutside: [true, false, false],
    siblingInView: true,
    closest: true,
  });
});

test('the owner and wall marks its stylesheets are confined to are Portcullis\'s: set by it, never forged or removed', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const el = document.createElement('div');
    document.body.append(el);
    const root = registry.grant('hostile-dom', el);
    const mine = root.ownerDocument.createElement('span');
    root.append(mine);
    const attempt = (fn: () => unknown) => {
      try {
        fn();
        return 'ok';
      } catch (e) {
        return `${(e as Error).name}: ${/may not use ([^(]*)/.exec((e as Error).message)?.[1]?.trim() ?? (e as Error).message}`;
      }
    };
    const real = el.firstElementChild!;
    const out = {
      marked: real.getAttribute('data-portcullis-owner'),
      rootUnmarked: el.hasAttribute('data-portcullis-owner'),
      rootWall: el.getAttribute('data-portcullis-wall'),
      attempts: [
        attempt(() => mine.setAttribute('data-portcullis-owner', 'nprogress')),
        attempt(() => mine.setAttribute('DATA-PORTCULLIS-OWNER', 'x')),
        attempt(() => mine.removeAttribute('data-portcullis-owner')),
        attempt(() => mine.toggleAttribute('data-portcullis-owner')),
        attempt(() => { mine.dataset.portcullisOwner = 'x'; }),
        attempt(() => { delete mine.dataset.portcullisOwner; }),
        attempt(() => mine.setAttribute('data-portcullis-wall', 'hostile-dom')),
        attempt(() => { mine.dataset.portcullisWall = 'hostile-dom'; }),
        attempt(() => root.removeAttribute('data-portcullis-wall')),
        attempt(() => { mine.innerHTML = '<b data-portcullis-owner="nprogress" data-portcullis-wall="hostile-dom">x</b>'; }),
      ],
      stillMarked: real.getAttribute('data-portcullis-owner'),
      // An element of its HTML string is marked as its own, whatever the string said.
      parsedMark: real.querySelector('b')?.getAttribute('data-portcullis-owner') ?? null,
      parsedWall: real.querySelector('b')?.getAttribute('data-portcullis-wall') ?? null,
    };
    el.remove();
    return out;
  });
  expect(result.marked).toBe('hostile-dom');
  expect(result.rootUnmarked).toBe(false);
  expect(result.stillMarked).toBe('hostile-dom');
  expect(result.rootWall).toBe('hostile-dom');
  expect(result.attempts.slice(0, 9).every((a) => a.startsWith('PortcullisPolicyError')), result.attempts.join(' | ')).toBe(true);
  expect(result.parsedMark === null || result.parsedMark === 'hostile-dom', String(result.parsedMark)).toBe(true);
  expect(result.parsedWall).toBeNull();
});

test('ids are the package\'s own namespace: prefixed in the page, plain to the package (s13, rows 64, 66, 69)', async ({ browserPage }) => {
  const result = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { grant(pkg: string, el: Element): any } }).__portcullis__;
    const attempt = (fn: () => unknown) => {
      try {
        return String(fn());
      } catch (e) {
        return (e as Error).name;
      }
    };
    const el = document.createElement('div');
    el.id = 's13-app-root';
    el.innerHTML = '<span id="s13-app-child">app</span>';
    document.body.append(el);
    const w = registry.grant('hostile-dom', el);
    const d = w.ownerDocument;
    const input = d.createElement('input');
    input.id = 'coupon';
    input.setAttribute('list', 'coupon-list');
    const button = d.createElement('button');
    button.setAttribute('aria-describedby', 'coupon  other');
    const svg = d.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('fill', 'url(#grad)');
    const span = d.createElement('span');
    span.style.setProperty('filter', 'url(#blur)');
    w.append(input, button, svg, span);
    w.insertAdjacentHTML('beforeend', '<div id="from-html"><input form="nowhere" id="in-html"></div>');
    const real = (selector: string) => el.querySelector(selector);
    // A copy of the app's element, put before it: its id is the package's too (else the app's getElementById finds it).
    const copy = w.firstElementChild.cloneNode(true);
    w.prepend(copy);
    const out = {
      realIds: Array.from(el.querySelectorAll('[id]'), (e) => e.id),
      realReferences: [real('input')!.getAttribute('list'), real('button')!.getAttribute('aria-describedby'), real('svg')!.getAttribute('fill'), (real('span:not([id])') as HTMLElement).style.filter],
      plain: [input.id, input.getAttribute('id'), input.attributes.find((a: { name: string }) => a.name === 'id').value, input.getAttribute('list'), button.getAttribute('aria-describedby'), svg.getAttribute('fill'), span.style.filter, span.style.cssText, copy.id],
      serialised: [input.outerHTML, w.innerHTML.includes('pc11-'), w.innerHTML.includes('id="coupon"') && w.innerHTML.includes('list="coupon-list"')],
      found: [
        d.getElementById('coupon') === input, w.querySelector('#coupon') === input, w.querySelector('[id="coupon"]') === input,
        w.querySelector('[id^=coup]') === input, w.querySelector('[id$=pon]') === input, w.querySelector('[id*=oupo]') === input,
        input.matches('#coupon'), input.closest('#coupon') === input, d.getElementById('in-html') !== null,
        // The element the app gave it, and the app's element in it, keep their own ids (its copy reads the same).
        d.getElementById('s13-app-root') === w, w.querySelector('#s13-app-child') === copy, w.querySelectorAll('#s13-app-child').length,
        // Its prefix written out names nothing: it is prefixed again.
        d.getElementById('pc11-hostile-dom-coupon'), w.querySelector('#pc11-hostile-dom-coupon'),
      ],
      app: [document.getElementById('coupon'), document.getElementById('s13-app-child') === el.children[1], 'coupon' in window, 'from-html' in window],
      // This page's URL with a fragment names the page's element past the namespace: refused where it references one.
      pageUrl: [`${location.pathname}#coupon`, '\u0001#coupon', `${location.href.replace(/#.*$/, '')}#x`].map((url) => {
        const use = d.createElementNS('http://www.w3.org/2000/svg', 'svg');
        return [attempt(() => use.setAttribute('href', url)), attempt(() => span.setAttribute('style', `background-image: url("${url}")`))].join(' ');
      }),
      // Quote depth is the whole page's (WebKit's style containment does not scope it): refused in style (row 65).
      quotes: ['content: "a" no-close-quote', 'content: open-quote', 'content: "open-quote"'].map((style) => {
        try {
          span.setAttribute('style', style);
          return 'ok';
        } catch (e) {
          return (e as Error).message.includes('quote depth') ? 'quote depth' : (e as Error).message;
        }
      }),
    };
    el.remove();
    return out;
  });
  expect(result.realIds).toEqual(['pc11-hostile-dom-s13-app-child', 's13-app-child', 'pc11-hostile-dom-coupon', 'pc11-hostile-dom-from-html', 'pc11-hostile-dom-in-html']);
  expect(result.realReferences).toEqual(['pc11-hostile-dom-coupon-list', 'pc11-hostile-dom-coupon  pc11-hostile-dom-other', 'url(#pc11-hostile-dom-grad)', 'url("#pc11-hostile-dom-blur")']);
  expect(result.plain).toEqual(['coupon', 'coupon', 'coupon', 'coupon-list', 'coupon  other', 'url(#grad)', 'url("#blur")', 'filter: url("#blur");', 's13-app-child']);
  expect(result.serialised).toEqual(['<input data-portcullis-owner="hostile-dom" form="portcullis-no-form" id="coupon" list="coupon-list">', false, true]);
  expect(result.found).toEqual([true, true, true, true, true, true, true, true, true, true, true, 2, null, null]);
  expect(result.app).toEqual([null, true, false, false]);
  expect(result.quotes).toEqual(['quote depth', 'quote depth', 'ok']);
  expect(result.pageUrl).toEqual(Array(3).fill('PortcullisPolicyError PortcullisPolicyError'));
});
