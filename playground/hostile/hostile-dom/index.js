// hostile-dom: a package the app lets draw inside an element (the way in), trying every path in THREATS.md's DOM
// rows back to the real window, document, network, storage, another realm, or the app's own code.
// Each attack gets a fresh element from the app, resolves with evidence when it got out, and throws when stopped.
// Nothing runs at import time.

function failed(message) {
  const error = new Error(message);
  error.name = 'AttackFailed';
  return error;
}

/** Evidence that `win` is the real window: it holds the app's cookie. */
function realWindow(win, how) {
  if (win && win.document && typeof win.document.cookie === 'string' && win.document.cookie.includes('s3cret')) {
    return `${how} → the real window (document.cookie has the session)`;
  }
  throw failed(`${how} → ${win === null ? 'null' : typeof win}, not the real window`);
}

function realDocument(doc, how) {
  if (doc && typeof doc.cookie === 'string' && doc.cookie.includes('s3cret')) return `${how} → the real document`;
  throw failed(`${how} → not the real document`);
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 30));

export const attacks = [
  { row: 1, id: 'owner-document-view', run: (el) => realWindow(el.ownerDocument.defaultView, 'el.ownerDocument.defaultView') },
  {
    row: 2, id: 'event-view',
    run: (el) => {
      let view;
      const child = document.createElement('button');
      el.appendChild(child);
      child.addEventListener('click', (event) => { view = event.view; });
      child.dispatchEvent(new MouseEvent('click', { view: window }));
      return realWindow(view, 'event.view');
    },
  },
  {
    row: 3, id: 'composed-path',
    run: (el) => {
      let path = [];
      const child = document.createElement('span');
      el.appendChild(child);
      child.addEventListener('click', (event) => { path = event.composedPath(); });
      child.dispatchEvent(new Event('click', { bubbles: true, composed: true }));
      const top = path[path.length - 1];
      return realWindow(top, `composedPath() end (${path.length} items)`);
    },
  },
  {
    row: 4, id: 'original-target',
    run: (el) => {
      let found;
      const child = document.createElement('span');
      el.appendChild(child);
      child.addEventListener('click', (event) => { found = event.originalTarget || event.explicitOriginalTarget; });
      child.dispatchEvent(new MouseEvent('click'));
      if (!found) throw failed('no originalTarget (only Firefox has it)');
      return realWindow(found.ownerDocument.defaultView, 'event.originalTarget.ownerDocument.defaultView');
    },
  },
  {
    row: 5, id: 'walk-up',
    run: (el) => {
      let top = el;
      while (top.parentNode) top = top.parentNode;
      if (top.nodeType === 9) return realDocument(top, 'parentNode walk');
      const root = el.getRootNode();
      if (root && root.nodeType === 9) return realDocument(root, 'getRootNode()');
      const html = el.closest('html');
      if (html) return realDocument(html.parentNode, 'closest("html").parentNode');
      throw failed(`walk up stopped at <${top.nodeName}>`);
    },
  },
  {
    row: 6, id: 'form-owner',
    run: (el) => {
      const input = document.createElement('input');
      el.appendChild(input);
      const form = input.form;
      if (form === null) return realDocument(input.labels && input.labels.length >= 0 ? input.ownerDocument : null, 'input.form/labels → ownerDocument');
      return realDocument(form.ownerDocument, 'input.form');
    },
  },
  {
    row: 7, id: 'mutation-records',
    run: async (el) => {
      let target;
      const observer = new MutationObserver((records) => { target = records[0].target; });
      observer.observe(el, { childList: true });
      el.appendChild(document.createElement('span'));
      await nextFrame();
      observer.disconnect();
      return realWindow(target && target.ownerDocument.defaultView, 'MutationRecord.target.ownerDocument.defaultView');
    },
  },
  {
    row: 8, id: 'custom-elements',
    run: (el) => {
      let leaked;
      const name = `x-evil-${Math.random().toString(36).slice(2)}`;
      customElements.define(name, class extends HTMLElement {
        connectedCallback() { leaked = this.ownerDocument.defaultView; }
      });
      el.appendChild(document.createElement(name));
      return realWindow(leaked, 'customElements.define → connectedCallback');
    },
  },
  {
    row: 9, id: 'open-shadow-root',
    run: (el) => {
      const host = el.querySelector('[data-app-shadow-host]');
      if (!host) throw failed('the app put no shadow host here');
      const secret = host.shadowRoot && host.shadowRoot.textContent;
      if (secret && secret.includes('app secret')) return `read the app's open shadow root: "${secret}"`;
      throw failed('no shadow root content');
    },
  },
  {
    row: 10, id: 'native-getter',
    run: (el) => {
      for (let proto = Object.getPrototypeOf(el); proto; proto = Object.getPrototypeOf(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, 'ownerDocument');
        if (descriptor && descriptor.get && /\[native code\]/.test(Function.prototype.toString.call(descriptor.get))) {
          return realDocument(descriptor.get.call(el), 'native Node.prototype.ownerDocument getter');
        }
      }
      throw failed('no native getter on the prototype chain');
    },
  },
  {
    row: 11, id: 'patch-prototype',
    run: (el) => {
      const proto = Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(el)));
      const target = EventTarget.prototype;
      const original = target.addEventListener;
      target.addEventListener = function (type, ...rest) {
        globalThis.__spied = (globalThis.__spied || 0) + 1;
        return original.call(this, type, ...rest);
      };
      void proto;
      return 'patched EventTarget.prototype.addEventListener for every package and the app';
    },
  },
  {
    row: 17, id: 'getter-shaped-argument',
    run: (el) => {
      const a = document.createElement('a');
      el.appendChild(a);
      let calls = 0;
      a.setAttribute('href', { toString: () => (calls++ === 0 ? 'javascript:void(globalThis.__pwned17 = 1)' : '/harmless') });
      if (/^javascript:/.test(a.getAttribute('href'))) return `href set to ${a.getAttribute('href')} (coerced ${calls}×)`;
      throw failed(`href is ${a.getAttribute('href')}`);
    },
  },
  {
    row: 18, id: 'identity',
    run: (el) => {
      const span = document.createElement('span');
      el.appendChild(span);
      if (el.firstChild !== el.lastChild || el.lastChild !== span) throw failed('one node, two identities');
      return 'one node, one identity';
    },
  },
  {
    row: 18, id: 'instanceof',
    run: (el) => {
      const span = document.createElement('span');
      el.appendChild(span);
      return [el instanceof HTMLElement, span instanceof Node, document.createTextNode('t') instanceof Text, new Event('x') instanceof Event].join(' ');
    },
  },
  {
    row: 19, id: 'script-element',
    run: async (el) => {
      const script = document.createElement('script');
      script.textContent = 'window.__pwned19 = document.cookie';
      el.appendChild(script);
      await nextFrame();
      return `a <script> element was created and inserted (${script.tagName})`;
    },
  },
  {
    row: 20, id: 'inner-html-handler',
    run: async (el) => {
      el.innerHTML = '<img src="/missing.png" onerror="this.setAttribute(\'data-fired\', document.cookie)">';
      await new Promise((resolve) => setTimeout(resolve, 400));
      const img = el.querySelector('img');
      const fired = img && img.getAttribute('data-fired');
      if (fired && fired.includes('s3cret')) return `innerHTML onerror ran: ${fired}`;
      throw failed(`the handler did not run (${el.innerHTML})`);
    },
  },
  {
    row: 20, id: 'insert-adjacent-html',
    run: async (el) => {
      el.insertAdjacentHTML('beforeend', '<img src="/missing-2.png" onerror="this.setAttribute(\'data-fired\', document.cookie)">');
      await new Promise((resolve) => setTimeout(resolve, 400));
      const fired = el.querySelector('img') && el.querySelector('img').getAttribute('data-fired');
      if (fired && fired.includes('s3cret')) return `insertAdjacentHTML onerror ran: ${fired}`;
      throw failed('the handler did not run');
    },
  },
  { row: 20, id: 'set-html-unsafe', run: (el) => { if (typeof el.setHTMLUnsafe !== 'function') throw failed('no setHTMLUnsafe in this engine'); el.setHTMLUnsafe('<img src=x>'); return 'setHTMLUnsafe ran'; } },
  { row: 20, id: 'contextual-fragment', run: (el) => { const f = document.createRange().createContextualFragment('<img src=x>'); el.appendChild(f); return 'createContextualFragment parsed HTML'; } },
  { row: 20, id: 'outer-html', run: (el) => { const d = document.createElement('div'); el.appendChild(d); d.outerHTML = '<img src=x>'; return 'outerHTML set'; } },
  { row: 20, id: 'dom-parser', run: () => { const doc = new DOMParser().parseFromString('<p>x</p>', 'text/html'); return `DOMParser gave a document (${doc.nodeName})`; } },
  { row: 20, id: 'document-write', run: () => { document.write; return realDocument(document, 'document.write reachable on'); } },
  { row: 21, id: 'on-attribute', run: (el) => { const b = document.createElement('button'); el.appendChild(b); b.setAttribute('onclick', 'window.__pwned21 = 1'); return `onclick attribute set: ${b.getAttribute('onclick')}`; } },
  { row: 21, id: 'on-property', run: (el) => { const b = document.createElement('button'); el.appendChild(b); b.onclick = () => {}; return `onclick property set (${typeof b.onclick})`; } },
  { row: 22, id: 'javascript-url', run: (el) => { const a = document.createElement('a'); el.appendChild(a); a.setAttribute('href', 'javascript:alert(document.cookie)'); return `href = ${a.getAttribute('href')}`; } },
  { row: 23, id: 'iframe-realm', run: (el) => { const f = document.createElement('iframe'); el.appendChild(f); return realWindow(f.contentWindow.parent, 'iframe.contentWindow.parent'); } },
  { row: 24, id: 'object-embed', run: (el) => { const o = document.createElement('object'); el.appendChild(o); return `an <${o.tagName.toLowerCase()}> element was created`; } },
  { row: 25, id: 'window-open', run: () => { const w = open('about:blank'); if (w) w.close(); return `window.open returned ${w ? 'a window' : 'null (popup blocked, but callable)'}`; } },
  { row: 26, id: 'form-target', run: (el) => { const f = document.createElement('form'); el.appendChild(f); f.setAttribute('target', 'evil-frame'); return `form target = ${f.getAttribute('target')}`; } },
  { row: 27, id: 'object-url', run: () => `made ${URL.createObjectURL(new Blob(['<script>1</script>'], { type: 'text/html' }))}` },
  { row: 28, id: 'worker', run: () => { const w = new Worker(URL.createObjectURL(new Blob(['1']))); w.terminate(); return 'started a Worker'; } },
  { row: 29, id: 'img-src-foreign', run: (el) => { const i = document.createElement('img'); el.appendChild(i); i.setAttribute('src', 'https://evil.example/pixel.gif?c=1'); return `img src = ${i.getAttribute('src')}`; } },
  { row: 29, id: 'srcset', run: (el) => { const i = document.createElement('img'); el.appendChild(i); i.setAttribute('srcset', '/ok.png 1x, https://evil.example/2x.png 2x'); return `srcset = ${i.getAttribute('srcset')}`; } },
  { row: 29, id: 'style-element', run: (el) => { const st = document.createElement('style'); st.textContent = '@import url(https://evil.example/a.css); body { display: none }'; el.appendChild(st); return 'a <style> element with @import and page-wide rules'; } },
  { row: 29, id: 'css-url', run: (el) => { const d = document.createElement('div'); el.appendChild(d); d.style.backgroundImage = 'url(https://evil.example/x.png)'; d.style.background = 'url(https://evil.example/y.png)'; if (!/url/.test(d.style.background)) throw failed('style did not take'); return `style background = ${d.style.background}`; } },
  { row: 29, id: 'ping', run: (el) => { const a = document.createElement('a'); el.appendChild(a); a.setAttribute('ping', 'https://evil.example/ping'); return `ping = ${a.getAttribute('ping')}`; } },
  { row: 31, id: 'document-cookie', run: () => realDocument(document, 'document.cookie') },
  { row: 32, id: 'local-storage', run: () => `localStorage.token = ${localStorage.getItem('token')}` },
  { row: 33, id: 'window-name', run: () => { name = 'exfiltrated-state'; return `window.name = ${name}`; } },
  { row: 6, id: 'selection', run: () => { const sel = getSelection(); return `getSelection() gave ${sel ? 'a Selection' : 'null'}`; } },
  { row: 33, id: 'post-message', run: () => { postMessage('hello', '*'); return 'window.postMessage called'; } },
  {
    row: 34, id: 'dom-clobbering',
    run: (el) => {
      const img = document.createElement('img');
      img.setAttribute('name', 'cookie');
      el.appendChild(img);
      return `named <img name=cookie> inserted`;
    },
  },
  { row: 35, id: 'base-element', run: (el) => { const b = document.createElement('base'); el.appendChild(b); return 'a <base> element was created'; } },
  {
    row: 36, id: 'svg-animate-href',
    run: (el) => {
      const ns = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(ns, 'svg');
      const animate = document.createElementNS(ns, 'animate');
      animate.setAttribute('attributeName', 'href');
      svg.appendChild(animate);
      el.appendChild(svg);
      return `animate attributeName = ${animate.getAttribute('attributeName')}`;
    },
  },
  { row: 37, id: 'nonce', run: (el) => { const n = el.querySelector('[data-app-nonce]'); const nonce = n && (n.nonce || n.getAttribute('nonce')); if (!nonce) throw failed('no nonce readable'); return `read a nonce: ${nonce}`; } },
  { row: 38, id: 'trusted-types', run: () => { if (!globalThis.trustedTypes) throw failed('no Trusted Types in this engine'); trustedTypes.createPolicy('default', { createHTML: (s) => s }); return 'created the default Trusted Types policy'; } },
  { row: 39, id: 'current-script', run: () => { const s = document.currentScript; return `document.currentScript = ${s === null ? 'null (readable)' : s.src}`; } },
  { row: 40, id: 'fixed-overlay', run: (el) => { const d = document.createElement('div'); el.appendChild(d); d.style.position = 'fixed'; d.style.top = '0'; d.style.left = '0'; d.style.width = '100vw'; d.style.height = '100vh'; if (d.style.position !== 'fixed') throw failed('style did not take'); d.remove(); return 'a full-page fixed overlay was drawn'; } },
  { row: 41, id: 'error-events', run: () => { addEventListener('error', () => {}); return 'listening to every error of the page'; } },
  { row: 42, id: 'adopt-node', run: () => { const n = document.adoptNode(document.createElement('div')); return `adoptNode works (${n.nodeName})`; } },
];
