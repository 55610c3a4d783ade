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
    sanitised: '<div class="a">bold<img src="/p.png"></div>',
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
