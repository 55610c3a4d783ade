// confineStylesheet: every compound of every selector matches only the package's own elements; what cannot be
// rewritten soundly is refused. The browser's side (that the rewritten rules style the widget and nothing of the
// app's) is e2e/dom-boundary.spec.ts's css rows.
import { describe, expect, it } from 'vitest';
import { confineStylesheet } from './css-scope.js';

const o = ':where([data-portcullis-owner~="widget"])';
const confined = (css: string) => confineStylesheet(css, 'widget');

describe('a dom-mode package\'s stylesheet', () => {
  it('confines every compound, before pseudo-elements, inside :is/:not/:has and in nested rules', () => {
    const { code, problems } = confined(`.a > .b::before, body:has(#c[value^="a"]) .p { color: red; background: url(data:x;y) }
.outer { color: red; .inner { color: blue } }
:not(body *) .q:is(.r, :has(> .s)) {}`);
    expect(problems).toEqual([]);
    expect(code).toContain(`.a${o} > .b${o}::before, body:has(#c[value^="a"]${o})${o} .p${o} { color: red; background: url(data:x;y) }`);
    expect(code).toContain(`.outer${o} { color: red; .inner${o} { color: blue } }`);
    expect(code).toContain(`:not(body${o} *${o})${o} .q:is(.r${o}, :has(> .s${o})${o})${o} {}`);
  });

  it('rewrites rules inside @media, @supports and @layer, and leaves @keyframes and @font-face as they are', () => {
    const { code, problems } = confined(`@charset "utf-8";
@media (max-width: 10px) { .x:hover { color: blue } }
@layer base { @supports (display: grid) { p { margin: 0 } } }
@keyframes spin { from { transform: rotate(0) } to { transform: rotate(1turn) } }
@font-face { font-family: x; src: url(x.woff2) }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`@media (max-width: 10px) { .x:hover${o} { color: blue } }`);
    expect(code).toContain(`@supports (display: grid) { p${o} { margin: 0 } }`);
    expect(code).toContain('@keyframes spin { from { transform: rotate(0) } to { transform: rotate(1turn) } }');
    expect(code).toContain('@font-face { font-family: x; src: url(x.woff2) }');
  });

  it('is not fooled by braces and semicolons in comments, strings and escapes', () => {
    const { code, problems } = confined(`/* .a { } */ .b[title="}{;"] { content: "}" } .c\\{ { color: red }`);
    expect(problems).toEqual([]);
    expect(code).toContain(`.b[title="}{;"]${o} { content: "}" }`);
    expect(code).toContain(`.c\\{${o} { color: red }`);
    // css-what's own stringify would write these unescaped, making a list or ending the rule: each stays one name.
    expect(confined(`.a\\,body\\ \\.pay\\{\\}\\/\\* {}`).code).toBe(`.a\\,body\\ \\.pay\\{\\}\\/\\*${o} {}`);
  });

  it('refuses what it cannot confine, with the line: @import, :scope, &, :nth-child(of S), @scope, unknown at-rules', () => {
    const { problems } = confined(`@import url(x.css);
:scope .y {}
.a { & .z {} }
li:nth-child(2n of .a) {}
@scope (.a) { .b {} }
@-moz-document url-prefix() { .c {} }
.d { { .e {} } }
.f[ {} .pay { opacity: 0 }`);
    expect(problems).toEqual([
      expect.stringMatching(/^line 1: @import/),
      expect.stringMatching(/^line 2: :scope/),
      expect.stringMatching(/^line 3: the nesting selector/),
      expect.stringMatching(/^line 4: selector `li:nth-child\(2n of \.a\)`/),
      expect.stringMatching(/^line 5: @scope/),
      expect.stringMatching(/^line 6: @-moz-document/),
      expect.stringMatching(/^line 7: a block with no selector/),
      expect.stringMatching(/^line 8: `\.f\[ \{\} \.pay/),
    ]);
  });
});
