// The DOM layer's rules: which attributes, URLs and style values a confined package may set.
// Threats (THREATS.md): `on*` handlers (21), `javascript:` and foreign URLs as a network channel (22, 29), SVG
// animation of href (36), DOM clobbering through id/name (34), nonces (37), full-page overlays (40), CSS url() (29).
import type { RealDom } from './real.js';
import { call } from './real.js';

export interface DomRules {
  /** Throws (a PortcullisPolicyError) when the attribute may not be set to this value. */
  checkAttribute(tag: string, name: string, value: string): void;
  /** Throws when the style declaration may not be set. Both arguments are already strings. */
  checkStyle(property: string, value: string): void;
  /** Attributes that read as absent (never hand out a CSP nonce). */
  isHiddenAttribute(name: string): boolean;
}

const URL_ATTRIBUTES = new Set([
  'href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'ping', 'poster', 'data', 'background', 'cite',
  'codebase', 'manifest', 'icon', 'lowsrc', 'dynsrc', 'longdesc', 'usemap', 'imagesrcset',
]);
/** Attributes that can navigate another browsing context, run code, or change how the document is processed. */
const REFUSED_ATTRIBUTES = new Set(['target', 'formtarget', 'srcdoc', 'is', 'nonce', 'http-equiv', 'xmlns', 'integrity']);
const REFUSED_SCHEMES = /^\s*(?:javascript|vbscript|data|blob|filesystem)\s*:/i;
const DANGEROUS_CSS = /url\s*\(|image-set\s*\(|@import|expression\s*\(|\\|var\s*\(|env\s*\(|attr\s*\(|behavior|binding/i;

export function createRules(options: {
  real: RealDom;
  origins: readonly string[];
  overlay: boolean;
  deny: (api: string) => never;
}): DomRules {
  const { real, origins, overlay, deny } = options;
  const pageOrigin = real.window.location.origin;
  const allowed = new Set(origins.map((o) => (o === "'self'" || o === 'self' ? pageOrigin : o)));
  // Names the real window and document have: an id or name equal to one could clobber them (document's named
  // properties even override its built-ins, e.g. <img name="cookie">).
  const clobberable = (value: string) => value in real.window || value in real.document;

  function checkUrl(attr: string, value: string): void {
    const candidates = attr === 'srcset' || attr === 'imagesrcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value];
    for (const candidate of candidates) {
      if (REFUSED_SCHEMES.test(candidate)) deny(`${attr}="${candidate.slice(0, 40)}"`);
      let origin: string;
      try {
        origin = new URL(candidate, real.document.baseURI).origin;
      } catch {
        deny(`${attr}="${candidate.slice(0, 40)}" (not a URL)`);
      }
      if (!allowed.has(origin!)) deny(`${attr} to ${origin!} (dom.origins)`);
    }
  }

  return {
    checkAttribute(tag, name, value) {
      if (name.startsWith('on')) deny(`setAttribute('${name}')`);
      if (REFUSED_ATTRIBUTES.has(name)) deny(`setAttribute('${name}')`);
      if (URL_ATTRIBUTES.has(name)) checkUrl(name, value);
      if ((name === 'id' || name === 'name') && clobberable(value)) deny(`${name}="${value}" (clobbers a global)`);
      if (name === 'name' && (tag === 'img' || tag === 'form' || tag === 'embed' || tag === 'object')) deny(`${tag} name attribute (clobbers document)`);
      if (name === 'attributename' && /href/i.test(value)) deny(`${tag} attributeName="${value}"`);
      if (name === 'style') {
        // Check every declaration the browser would apply, in its own normalised form.
        const scratch = (real.documentMethods.createElement(real.document, 'div') as HTMLElement);
        real.elementMethods.setAttribute(scratch, 'style', value);
        const style = (real.htmlElement.style(scratch) as CSSStyleDeclaration);
        for (let i = 0; i < style.length; i++) {
          const property = style.item(i);
          this.checkStyle(property, style.getPropertyValue(property));
        }
      }
    },
    checkStyle(property, value) {
      if (DANGEROUS_CSS.test(value) || DANGEROUS_CSS.test(property)) deny(`style ${property}: ${value.slice(0, 60)}`);
      if (!overlay && property === 'position' && /fixed|sticky/i.test(value)) deny(`style position: ${value} (dom.overlay)`);
    },
    isHiddenAttribute: (name) => name === 'nonce',
  };
}

/** Tag names that never come out of the sanitizer, children and all. */
const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'meta', 'link', 'title', 'svg', 'math']);

/**
 * HTML strings are parsed in an inert document (DOMParser: no script runs, nothing loads), cleaned to the package's
 * granted tags and allowed attributes, and imported. Disallowed elements are unwrapped (their text stays); a few are
 * dropped with their content. Returns a fragment of the real document.
 */
export function sanitizeHtml(html: string, options: { real: RealDom; create: ReadonlySet<string>; rules: DomRules; note: (what: string) => void }): DocumentFragment {
  const { real, create, rules, note } = options;
  const parser = new real.DOMParserCtor();
  const inert = (real.parseHtml(parser, html, 'text/html') as Document);
  const walk = (parent: Element) => {
    for (const child of Array.from(parent.children)) {
      const tag = child.localName;
      if (DROPPED_WITH_CONTENT.has(tag)) {
        note(`<${tag}> in HTML`);
        child.remove();
        continue;
      }
      walk(child);
      if (!create.has(tag)) {
        note(`<${tag}> in HTML`);
        child.replaceWith(...Array.from(child.childNodes));
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        try {
          rules.checkAttribute(tag, attr.name, attr.value);
        } catch {
          note(`${attr.name} attribute in HTML`);
          child.removeAttribute(attr.name);
        }
      }
    }
  };
  walk(inert.body);
  const fragment = (real.documentMethods.createDocumentFragment(real.document) as DocumentFragment);
  for (const node of Array.from(inert.body.childNodes)) fragment.appendChild(real.document.importNode(node, true));
  return fragment;
}
