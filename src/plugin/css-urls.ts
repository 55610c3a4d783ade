// Every URL a stylesheet can make the browser load, found with a tokenizer that follows CSS Syntax Level 3 (comments,
// strings, escapes, url tokens), not with regular expressions: `\75 rl(//evil)` is `url(//evil)`, and
// `/*)*/url(x)` or `"url(x)"` are not URLs. Sources: url tokens and `url()`/`src()` with a string, strings inside
// `image-set()`, `-webkit-image-set()`, `image()`, `cross-fade()`, and the string after `@import`.
// Used by css-policy.ts (THREATS.md row 61).

export interface CssUrl {
  url: string;
  offset: number;
  /** `@import` (the file is inlined by the bundler when local), or a resource the page loads. */
  kind: 'import' | 'resource';
}

const URL_FUNCTIONS = new Set(['url', 'src']);
const STRING_URL_FUNCTIONS = new Set(['image-set', '-webkit-image-set', 'image', 'cross-fade', '-webkit-cross-fade']);

const isNameChar = (c: string) => /[A-Za-z0-9_\-\u0080-\uffff]/.test(c);
const isWhitespace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

export function cssUrls(css: string): CssUrl[] {
  const found: CssUrl[] = [];
  let i = 0;
  /** Open functions (lower-cased names), innermost last: strings inside image-set() are URLs. */
  const functions: string[] = [];
  let afterImport = false;

  /** Consumes an escape after a backslash at i; returns the character it stands for. */
  function escape(): string {
    i++; // the backslash
    const hex = /^[0-9a-fA-F]{1,6}/.exec(css.slice(i, i + 6));
    if (hex) {
      i += hex[0].length;
      if (css[i] === '\r' && css[i + 1] === '\n') i += 2;
      else if (isWhitespace(css[i])) i++;
      const code = parseInt(hex[0], 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    return i < css.length ? css[i++]! : '\ufffd';
  }
  const startsEscape = (at: number) => css[at] === '\\' && css[at + 1] !== '\n' && at + 1 < css.length;

  function name(): string {
    let out = '';
    while (i < css.length) {
      if (startsEscape(i)) out += escape();
      else if (isNameChar(css[i]!)) out += css[i++];
      else break;
    }
    return out;
  }

  function string(quote: string): string {
    i++;
    let out = '';
    while (i < css.length && css[i] !== quote) {
      if (css[i] === '\n') return out; // a bad string: ends at the newline
      if (css[i] === '\\') {
        if (css[i + 1] === '\n') i += 2;
        else out += escape();
      } else out += css[i++];
    }
    i++;
    return out;
  }

  /** After `url(` with no quote: the url token's value, up to `)`. */
  function unquotedUrl(): string {
    while (isWhitespace(css[i])) i++;
    let out = '';
    while (i < css.length && css[i] !== ')') {
      if (css[i] === '\\') out += escape();
      else if (isWhitespace(css[i])) i++;
      else out += css[i++];
    }
    i++;
    return out;
  }

  while (i < css.length) {
    const c = css[i]!;
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end === -1 ? css.length : end + 2;
    } else if (c === '"' || c === "'") {
      const start = i;
      const value = string(c);
      const fn = functions[functions.length - 1];
      if (afterImport) found.push({ url: value, offset: start, kind: 'import' });
      else if (fn && (STRING_URL_FUNCTIONS.has(fn) || URL_FUNCTIONS.has(fn))) found.push({ url: value, offset: start, kind: 'resource' });
      afterImport = false;
    } else if (c === '@') {
      i++;
      afterImport = name().toLowerCase() === 'import';
    } else if (isNameChar(c) || startsEscape(i) || (c === '-' && (isNameChar(css[i + 1] ?? '') || startsEscape(i + 1)))) {
      const start = i;
      const ident = name().toLowerCase();
      if (css[i] === '(') {
        i++;
        if (ident === 'url') {
          let j = i;
          while (isWhitespace(css[j])) j++;
          if (css[j] !== '"' && css[j] !== "'") {
            found.push({ url: unquotedUrl(), offset: start, kind: afterImport ? 'import' : 'resource' });
            afterImport = false;
            continue;
          }
        }
        functions.push(ident);
        if (ident === 'url' && afterImport) {
          // `@import url("x")`: the string inside is the import.
          continue;
        }
      } else if (afterImport && ident) {
        // `@import layer(...)`/media after the URL: the import's URL, if any, came first.
        afterImport = false;
      }
    } else if (c === '(') {
      functions.push('');
      i++;
    } else if (c === ')') {
      functions.pop();
      i++;
    } else if (c === ';' || c === '{' || c === '}') {
      afterImport = false;
      if (c !== ';') functions.length = 0;
      i++;
    } else if (c === '\\') {
      i++;
    } else {
      i++;
    }
  }
  return found;
}
