// Every URL a stylesheet can make the browser load, found with the plugin's one CSS tokenizer (css-tokens.ts, CSS
// Syntax Level 3: comments, strings, escapes, url tokens), not with regular expressions: `\75 rl(//evil)` is `url(//evil)`, and
// `/*)*/url(x)` or `"url(x)"` are not URLs. Sources: url tokens and `url()`/`src()` with a string, strings inside
// `image-set()`, `-webkit-image-set()`, `image()`, `cross-fade()`, and the string after `@import`.
// Used by css-policy.ts (THREATS.md row 61).

import { tokenize } from './css-tokens.js';

export interface CssUrl {
  url: string;
  offset: number;
  /** `@import` (the file is inlined by the bundler when local), or a resource the page loads. */
  kind: 'import' | 'resource';
}

const URL_FUNCTIONS = new Set(['url', 'src']);
const STRING_URL_FUNCTIONS = new Set(['image-set', '-webkit-image-set', 'image', 'cross-fade', '-webkit-cross-fade']);

export function cssUrls(css: string): CssUrl[] {
  const found: CssUrl[] = [];
  /** Open functions (lower-cased names), innermost last: strings inside image-set() are URLs. */
  const functions: string[] = [];
  let afterImport = false;
  for (const t of tokenize(css)) {
    switch (t.type) {
      case 'string':
      case 'bad-string': {
        const fn = functions[functions.length - 1];
        if (afterImport) found.push({ url: t.value, offset: t.start, kind: 'import' });
        else if (fn && (STRING_URL_FUNCTIONS.has(fn) || URL_FUNCTIONS.has(fn))) found.push({ url: t.value, offset: t.start, kind: 'resource' });
        afterImport = false;
        break;
      }
      case 'url':
        found.push({ url: t.value, offset: t.start, kind: afterImport ? 'import' : 'resource' });
        afterImport = false;
        break;
      case 'at-keyword':
        afterImport = t.value.toLowerCase() === 'import';
        break;
      case 'function':
        functions.push(t.value.toLowerCase());
        break;
      case 'ident':
        afterImport = false; // `@import layer(...)`/media after the URL: the import's URL, if any, came first
        break;
      case '(':
        functions.push('');
        break;
      case ')':
        functions.pop();
        break;
      case ';':
        afterImport = false;
        break;
      case '{':
      case '}':
        afterImport = false;
        functions.length = 0;
        break;
      default:
        break; // a bad url loads nothing: the browser drops its declaration
    }
  }
  return found;
}
