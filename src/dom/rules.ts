// The DOM layer's rules: which attributes and style values a confined package may set.
// Threats (THREATS.md): `on*` handlers (21), `javascript:` and foreign URLs as a network channel (22, 29, 67), SVG
// animation of href (36), nonces (37), full-page overlays and the top layer (40, 65), id references and clobbering
// (64, 69, references.ts), navigation as its own grant (68).
import { isPortcullisAttribute } from '../shared/owner-attribute.js';
import type { RealDom } from './real.js';
import type { Scope } from './scope.js';
import { createUrlRule, type UrlRule } from './urls.js';
import { createReferences, type References } from './references.js';
import { createIds, type Ids } from './ids.js';

export interface DomRules {
  /** Throws (a PortcullisPolicyError) when the attribute may not be set to this value on this element. */
  checkAttribute(tag: string, namespace: string | null, name: string, value: string): void;
  /** Throws when the style declaration may not be set. Both arguments are already strings. */
  checkStyle(property: string, value: string): void;
  /** Attributes that read as absent (never hand out a CSP nonce). */
  isHiddenAttribute(name: string): boolean;
  references: References;
  urls: UrlRule;
  /** The package's id namespace: what it sets is prefixed, what it reads plain (ids.ts). */
  ids: Ids;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'ping', 'poster', 'data', 'background', 'cite',
  'codebase', 'manifest', 'icon', 'lowsrc', 'dynsrc', 'longdesc', 'imagesrcset', 'attributionsrc',
]);
/** Attributes that hold a space-separated list of URLs, each of which the browser requests. */
const URL_LISTS = new Set(['ping', 'attributionsrc']);
/** Attributes that can navigate another browsing context, run code, change how the document is processed, or take
 * the user's focus or keys from the app. */
const REFUSED_ATTRIBUTES = new Set(['target', 'formtarget', 'srcdoc', 'is', 'nonce', 'http-equiv', 'xmlns', 'integrity', 'autofocus', 'accesskey']);
/** Properties that give an element a name the whole page shares, whatever the wall: the last `anchor-name` is the
 * one the app's anchored elements follow (its tooltip moves to the package's element), and a `view-transition-name`
 * draws the element whole above the page during the app's view transitions (paint containment does not hold
 * there), or, taking one of the app's names, makes them fail (row 65). A scroll or view timeline's name, which the
 * app hoists with `timeline-scope` to drive its own animations (a reading-progress bar), stops them once a second
 * element has it. */
const PAGE_NAME_PROPERTIES = new Set(['anchor-name', 'view-transition-name', 'scroll-timeline-name', 'view-timeline-name']);
/** `command` values that put an element in the top layer. */
const TOP_LAYER_COMMANDS = /^\s*(?:show-modal|show-popover|toggle-popover|request-fullscreen|toggle-fullscreen)\s*$/i;

export function createRules(options: {
  real: RealDom;
  pkg: string;
  scope: Scope;
  origins: readonly string[];
  overlay: boolean;
  navigate: boolean;
  deny: (api: string) => never;
}): DomRules {
  const { real, overlay, navigate, deny } = options;
  const urls = createUrlRule({ real, origins: options.origins, deny });
  const references = createReferences({ real, scope: options.scope, deny });

  function checkUrlAttribute(tag: string, attr: string, value: string): void {
    const navigates = ((attr === 'href' || attr === 'xlink:href') && (tag === 'a' || tag === 'area')) || attr === 'action' || attr === 'formaction';
    const fragment = (attr === 'href' || attr === 'xlink:href') && value.trim().startsWith('#');
    if (fragment) references.checkId(attr, value.trim().slice(1));
    else {
      const candidates = attr === 'srcset' || attr === 'imagesrcset'
        ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '')
        : URL_LISTS.has(attr) ? value.split(/\s+/).filter((u) => u !== '') : [value];
      const reference = (attr === 'href' || attr === 'xlink:href') && tag !== 'a' && tag !== 'area';
      for (const candidate of candidates) urls.checkLoad(attr, candidate, reference);
    }
    // Even `#fragment` navigates (the app's hash router hears it): a link is a grant of its own (row 68).
    if (navigates && !navigate) deny(`${attr} on <${tag}> (dom.navigate)`);
  }

  const rules: DomRules = {
    checkAttribute(tag, namespace, name, value) {
      if (name.startsWith('on')) deny(`setAttribute('${name}')`);
      if (isPortcullisAttribute(name)) deny(`setAttribute('${name}') (the mark its stylesheets are confined to is Portcullis's)`);
      if (REFUSED_ATTRIBUTES.has(name)) deny(`setAttribute('${name}')`);
      // A positive tabindex comes before every element of the app in the keyboard's order: the user's first Tab
      // (to the app's login field) lands in the package's, and so do the keys typed next (row 70).
      if (name === 'tabindex' && Number(/^\s*([+-]?\d+)/.exec(value)?.[1] ?? 0) > 0) deny(`tabindex="${value}" (a positive tabindex puts it before the app's elements in the keyboard's order)`);
      if (!overlay && name === 'popover') deny('popover attribute (the top layer needs dom.overlay)');
      if (!overlay && name === 'command' && TOP_LAYER_COMMANDS.test(value)) deny(`command="${value}" (the top layer needs dom.overlay)`);
      if (URL_ATTRIBUTES.has(name)) checkUrlAttribute(tag, name, value);
      else if (namespace === SVG_NS) urls.checkCss(name, value, references.checkId); // presentation attributes are CSS
      references.check(tag, name, value);
      if (name === 'attributename' && /href/i.test(value)) deny(`${tag} attributeName="${value}"`);
      if (name === 'style') {
        // Check every declaration the browser would apply, in its own normalised form.
        const scratch = (real.documentMethods.createElement(real.document, 'div') as HTMLElement);
        real.elementMethods.setAttribute(scratch, 'style', value);
        const style = (real.htmlElement.style(scratch) as CSSStyleDeclaration);
        for (let i = 0; i < style.length; i++) {
          const property = style.item(i);
          rules.checkStyle(property, style.getPropertyValue(property));
        }
        urls.checkCss('style', value, references.checkId);
      }
    },
    checkStyle(property, value) {
      urls.checkCss(`style ${property}`, `${property}:${value}`, references.checkId);
      if (!overlay && property === 'position' && /fixed|sticky/i.test(value)) deny(`style position: ${value} (dom.overlay)`);
      // Quote depth runs through the whole page in document order, and WebKit's `contain: style` on the wall does not
      // scope it: `content: open-quote` on its element nests the app's later `<q>` (row 65).
      if (/(?:^|[^\w-])(?:no-)?(?:open|close)-quote(?![\w-])/i.test(value.replace(/"[^"]*"|'[^']*'/g, '""'))) deny(`style ${property}: ${value.slice(0, 40)} (quote depth is the whole page's)`);
      if (PAGE_NAME_PROPERTIES.has(property) && value.trim().toLowerCase() !== 'none') deny(`style ${property}: ${value.slice(0, 40)} (a name the whole page shares)`);
    },
    isHiddenAttribute: (name) => name === 'nonce',
    references,
    urls,
    ids: createIds(real, options.pkg),
  };
  return rules;
}

