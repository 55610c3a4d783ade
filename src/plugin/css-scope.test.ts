// confineStylesheet: every compound of every selector matches only the package's own elements; what cannot be
// rewritten soundly is refused. The browser's side (that the rewritten rules style the widget and nothing of the
// app's) is e2e/dom-boundary.spec.ts's css rows.
import { describe, expect, it } from 'vitest';
import { confineStylesheet } from './css-scope.js';
import { idPrefix } from '../shared/id-namespace.js';

const o = ':where([data-portcullis-owner~="widget"]:is([data-portcullis-wall~="widget"] *))';
const confined = (css: string) => confineStylesheet(css, 'widget');

describe('a dom-mode package\'s stylesheet', () => {
  it('confines every compound, before pseudo-elements, inside :is/:not/:has and in nested rules', () => {
    const { code, problems } = confined(`.a > .b::before, body:has(#c[value^="a"]) .p { color: red; background: url(data:x;y) }
.outer { color: red; .inner { color: blue } }
:not(body *) .q:is(.r, :has(> .s)) {}`);
    expect(problems).toEqual([]);
    expect(code).toContain(`.a${o} > .b${o}::before, body:has(#pc6-widget-c[value^="a"]${o})${o} .p${o} { color: red; background: url(data:x;y) }`);
    expect(code).toContain(`.outer${o} { color: red; .inner${o} { color: blue } }`);
    expect(code).toContain(`:not(body${o} *${o})${o} .q:is(.r${o}, :has(> .s${o})${o})${o} {}`);
  });

  it('rewrites rules inside @media, @supports and @layer; @keyframes and @font-face hold no selectors', () => {
    const { code, problems } = confined(`@charset "utf-8";
@media (max-width: 10px) { .x:hover { color: blue } }
@layer base { @supports (display: grid) { p { margin: 0 } } }
@keyframes spin { from { transform: rotate(0) } to { transform: rotate(1turn) } }
@font-face { font-family: x; src: url(x.woff2) }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`@media (max-width: 10px) { .x:hover${o} { color: blue } }`);
    expect(code).toContain(`@supports (display: grid) { p${o} { margin: 0 } }`);
    expect(code).toContain('@keyframes spin--pc-widget { from { transform: rotate(0) } to { transform: rotate(1turn) } }');
    expect(code).toContain('@font-face { font-family: "x--pc-widget"; src: url(x.woff2) }');
  });

  it('makes the page-wide names it defines its own, in definitions and references; names it does not define stay', () => {
    const { code, problems } = confined(`@layer reset, app;
@font-face { font-family: "Inter"; src: url(./f.woff2) }
@keyframes spin { to { transform: rotate(1turn); color: var(--brand) } }
@counter-style lower-roman { system: cyclic; symbols: "x"; fallback: decimal }
@property --brand { syntax: "<color>"; inherits: false; initial-value: red }
@layer app { .w { font: bold 12px/1 Inter, sans-serif; animation: spin 1s linear infinite, app-pulse 2s; list-style: lower-roman inside; --brand: blue; color: var(--brand, var(--app-theme)); content: counter(item, lower-roman) } }
.x { font-family: 'inter', Arial; animation-name: spin; list-style-type: decimal }`);
    expect(problems).toEqual([]);
    expect(code).toContain('@layer reset--pc-widget, app--pc-widget;');
    expect(code).toContain('@font-face { font-family: "Inter--pc-widget"; src: url(./f.woff2) }');
    expect(code).toContain('@keyframes spin--pc-widget { to { transform: rotate(1turn); color: var(--brand--pc-widget) } }');
    expect(code).toContain('@counter-style lower-roman--pc-widget { system: cyclic; symbols: "x"; fallback: decimal }');
    expect(code).toContain('@property --brand--pc-widget {');
    expect(code).toContain(`@layer app--pc-widget { .w${o} { font: bold 12px/1 "Inter--pc-widget", sans-serif; animation: spin--pc-widget 1s linear infinite, app-pulse 2s; list-style: lower-roman--pc-widget inside; --brand--pc-widget: blue; color: var(--brand--pc-widget, var(--app-theme)); content: counter(item--pc-widget, lower-roman--pc-widget) } }`);
    expect(code).toContain(`.x${o} { font-family: "inter--pc-widget", Arial; animation-name: spin--pc-widget; list-style-type: decimal }`);
  });

  it('names its own elements\' real ids, which are prefixed: #x, [id=x], url(#x) (s13, rows 66, 69)', () => {
    const { code, problems } = confined(`#w8-coupon, [id="a"], [id^=b], [id$=c] { fill: url(#grad-1); mask: url("#m") }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`#pc6-widget-w8-coupon${o}, [id="pc6-widget-a"]${o}, [id^="pc6-widget-b"]${o}, [id$="c"][id^="pc6-widget-"]${o} { fill: url(#pc6-widget-grad-1); mask: url("#pc6-widget-m") }`);
    expect(confined('label[for=w8-coupon], [aria-describedby~=hint], [data-id=x] {}').code).toContain(`label[for="pc6-widget-w8-coupon"]${o}, [aria-describedby~="pc6-widget-hint"]${o}, [data-id="x"]${o} {}`);
    // The prefix names the package by its length first: no other package's prefix and id make the same real id.
    expect(confineStylesheet('#x {}', 'a-b').code).toContain('#pc3-a-b-x');
    expect(confineStylesheet('#x {}', '@scope/w').code).toContain('#pc14-_40_scope_2f_w-x');
  });

  it('refuses open-quote and its kin: quote depth is the whole page\'s (s13, row 65)', () => {
    for (const value of ['open-quote', 'close-quote', 'no-open-quote', 'no-close-quote', '"«" OPEN-QUOTE', 'open-qu\\6f te']) {
      expect(confined(`.q::before { content: ${value} }`).problems).toEqual(['line 1: open-quote/close-quote (quote depth is the whole page\'s: the app\'s quotes would nest)']);
    }
    expect(confined('.q { --q: open-quote }').problems).toHaveLength(1);
    expect(confined('.q::before { content: "open-quote" } .r { quotes: "<" ">" }').problems).toEqual([]);
  });

  it('makes every counter name it uses its own, defined or not: the app\'s counter is not read back (red team s12, row 62)', () => {
    const { code, problems } = confined(`.r::before { content: counter(w8-cart) " of " counters(app-step, ".", lower-roman) "counter(x)" }
.i { counter-increment: app-step 1000 list-item; counter-reset: reversed(toc) none; counter-set: list-item 3 }
.e::before { content: c\\6f unter(w8-cart); --c: counter(w8-cart) }`);
    expect(problems).toEqual([]);
    expect(code).toContain('content: counter(w8-cart--pc-widget) " of " counters(app-step--pc-widget, ".", lower-roman) "counter(x)" }');
    expect(code).toContain('{ counter-increment: app-step--pc-widget 1000 list-item; counter-reset: reversed(toc--pc-widget) none; counter-set: list-item 3 }');
    expect(code).toContain('content: c\\6f unter(w8-cart--pc-widget); --c: counter(w8-cart--pc-widget) }');
    expect(confined('.v::before { content: counter(var(--app-name)) }').problems).toEqual(['line 1: a counter name given by a function (counter(var(…)) reads the app\'s counter)']);
  });

  it('is not fooled by braces and semicolons in comments, strings and escapes', () => {
    const { code, problems } = confined(`/* .a { } */ .b[title="}{;"] { content: "}" } .c\\{ { color: red }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`.b[title="}{;"]${o} { content: "}" }`);
    expect(code).toContain(`.c\\{${o} { color: red }`);
    // css-what's own stringify would write these unescaped, making a list or ending the rule: each stays one name.
    expect(confined(`.a\\,body\\ \\.pay\\{\\}\\/\\* {}`).code).toBe(`.a\\,body\\ \\.pay\\{\\}\\/\\*${o} {}`);
  });

  it('finds rule boundaries where the browser does (one tokenizer, css-tokens.ts): url tokens, bad urls, blocks', () => {
    // Each sheet once hid `.pay { opacity: 0 }` inside what a hand-rolled scanner took for a string, a comment or a
    // rule's block, left it unconfined, while the browser reads it as a rule of its own.
    for (const css of [
      '.a { background: url(x"y) } .pay { opacity: 0 } /*"*/',
      ".a { background: url(x'y) } .pay { opacity: 0 }\n",
      '.a { b: url(/*) } .pay { opacity: 0 } /**/',
      '.a { b: url( x y) } .pay { opacity: 0 } /*)*/',
    ]) {
      const { code, problems } = confined(css);
      expect(problems, css).toEqual([]);
      expect(code, css).toContain(`.pay${o} { opacity: 0 }`);
    }
    // And the other way: what is one block to the browser stays one (a `}` inside parentheses, `5url(` and `#url(`
    // are no url tokens, so `/*` there starts a comment).
    expect(confined('.a { --x: (} .pay { opacity: 0 }) }').code).toBe(`.a${o} { --x: (} .pay { opacity: 0 }) }`);
    expect(confined('.a { b: 5url(/*) } .pay { opacity: 0 } */ c: d }').code).toBe(`.a${o} { b: 5url(/*) } .pay { opacity: 0 } */ c: d }`);
    expect(confined('.a { b: #url(/*) } .pay { opacity: 0 } */ c: d }').code).toBe(`.a${o} { b: #url(/*) } .pay { opacity: 0 } */ c: d }`);
  });

  it('refuses what it cannot confine, with the line: @import, :scope, &, :nth-child(of S), @scope, unknown at-rules', () => {
    const { problems } = confined(`@import url(x.css);
:scope .y {}
.a { & .z {} }
li:nth-child(2n of .a) {}
@scope (.a) { .b {} }
@-moz-document url-prefix() { .c {} }
@page { margin: 0 }
@view-transition { navigation: auto }
.d { { .e {} } }
.f[ {} .pay { opacity: 0 }`);
    expect(problems).toEqual([
      expect.stringMatching(/^line 1: @import/),
      expect.stringMatching(/^line 2: :scope/),
      expect.stringMatching(/^line 3: the nesting selector/),
      expect.stringMatching(/^line 4: selector `li:nth-child\(2n of \.a\)`/),
      expect.stringMatching(/^line 5: @scope/),
      expect.stringMatching(/^line 6: @-moz-document/),
      expect.stringMatching(/^line 7: @page \(it applies to the whole document/),
      expect.stringMatching(/^line 8: @view-transition \(it applies to the whole document/),
      expect.stringMatching(/^line 9: a block with no selector/),
      expect.stringMatching(/^line 10: `\.f\[ \{\} \.pay/),
    ]);
  });

  it('THREATS row 65: a scroll or view timeline name it defines is its own (red team s11), and its references to it', () => {
    // The app hoists `--progress` (`timeline-scope`) to drive its reading-progress bar by its article: a second
    // element of that name stops the app's animation (Chromium: the timeline becomes inactive).
    const { code, problems } = confined(`.w { view-timeline-name: --progress } .s { scroll-timeline: --list block, --other x } .a { timeline-scope: --progress; animation-timeline: --progress, --list }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`.w${o} { view-timeline-name: --progress--pc-widget }`);
    expect(code).toContain(`.s${o} { scroll-timeline: --list--pc-widget block, --other--pc-widget x }`);
    expect(code).toContain(`.a${o} { timeline-scope: --progress--pc-widget; animation-timeline: --progress--pc-widget, --list--pc-widget }`);
    expect(confined(`.b { view-timeline-name: --pro\\67ress }
.c { --n: --progress; scroll-timeline-name: var(--n) }
.d { view-timeline: inherit }`).problems).toEqual([
      expect.stringMatching(/^line 1: a view-timeline-name that is not a list of names written out/),
      expect.stringMatching(/^line 2: a scroll-timeline-name that is not a list of names written out/),
      expect.stringMatching(/^line 3: a view-timeline that is not a list of names written out/),
    ]);
  });

  it('THREATS row 65: an anchor name it defines is its own; a view-transition name is refused, however written', () => {
    // The app's tooltip is anchored to its pay button (`anchor-name: --pay-anchor`): the last element of that name
    // is the one it follows, so the package's own name (and its own references to it) get the suffix.
    const { code, problems } = confined(`.w { anchor-name: --pay-anchor, --tip } .t { position-anchor: --tip; top: anchor(--pay-anchor bottom) }
.v { view-transition-name: none }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`.w${o} { anchor-name: --pay-anchor--pc-widget, --tip--pc-widget }`);
    expect(code).toContain(`.t${o} { position-anchor: --tip--pc-widget; top: anchor(--pay-anchor--pc-widget bottom) }`);
    // A captured element is drawn whole above the page during the app's view transitions, outside every wall.
    expect(confined(`.a { color: red;
  view-transition-name: cover }
@keyframes k { to { view-transition-name: app-hero } }
.b { view-transition-n\\61me: cover }
.c { anch\\6fr-name: --pay-anchor }
.d { anchor-name: --pay\\-anchor }
.e { --n: --pay-anchor; anchor-name: var(--n) }
.f { anchor-name: inherit }`).problems).toEqual([
      expect.stringMatching(/^line 2: view-transition-name \(during the app's view transitions/),
      expect.stringMatching(/^line 3: view-transition-name/),
      expect.stringMatching(/^line 4: view-transition-name written with escapes/),
      expect.stringMatching(/^line 5: anchor-name written with escapes/),
      expect.stringMatching(/^line 6: an anchor-name written with escapes/),
      expect.stringMatching(/^line 7: an anchor-name that is not a list of names written out/),
      expect.stringMatching(/^line 8: an anchor-name that is not a list of names written out/),
    ]);
  });

  it('gives two packages whose names differ only in a character an identifier cannot hold different names', () => {
    // `a.b` and `a_b` were both `a_b`: each package's ids, keyframes and counters were the other's.
    const suffix = (pkg: string) => /spin(--pc-[^ {]+)/.exec(confineStylesheet('@keyframes spin { }', pkg).code)?.[1];
    expect(suffix('a.b')).not.toBe(suffix('a_b'));
    expect(idPrefix('a.b')).not.toBe(idPrefix('a_b'));
    expect(idPrefix('@scope/x')).toBe('pc14-_40_scope_2f_x-');
    expect(suffix('widget')).toBe('--pc-widget');
  });
});
