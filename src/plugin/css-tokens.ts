// The one CSS tokenizer of the plugin (CSS Syntax Level 3, §4), which css-scope.ts (rule boundaries) and css-urls.ts
// (URLs) both read: two lexers that disagree are two parse goals. A hand-rolled scanner that took `url(x"y)` for the
// start of a string, or `url(/*)` for a comment, saw the rest of the sheet as one rule while the browser, which reads
// both as url tokens, saw `.pay { opacity: 0 }` as a rule of its own, left unconfined. So the tokens here are the
// browser's: comments, strings (a newline ends a bad one), url and bad-url tokens (whose remnants run to `)`),
// escapes, numbers and dimensions (`5url(` is no function), hashes and at-keywords (`#url(` is none either).

export type TokenType =
  | 'whitespace' | 'comment' | 'string' | 'bad-string' | 'url' | 'bad-url' | 'ident' | 'function' | 'at-keyword'
  | 'hash' | 'number' | 'delim' | '(' | ')' | '[' | ']' | '{' | '}' | ';' | ':' | ',';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** Ident, function and at-keyword names, hash names, string and url values, with escapes resolved. */
  value: string;
}

const isNewline = (c: string | undefined) => c === '\n' || c === '\r' || c === '\f';
const isWhitespace = (c: string | undefined) => c === ' ' || c === '\t' || isNewline(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isNameStart = (c: string | undefined) => c !== undefined && (/^[A-Za-z_]$/.test(c) || c.charCodeAt(0) >= 0x80);
const isName = (c: string | undefined) => isNameStart(c) || isDigit(c) || c === '-';
const isNonPrintable = (c: string) => {
  const n = c.charCodeAt(0);
  return n <= 8 || n === 0x0b || (n >= 0x0e && n <= 0x1f) || n === 0x7f;
};
const SINGLE = new Set(['(', ')', '[', ']', '{', '}', ';', ':', ',']);

export function tokenize(css: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const validEscape = (at: number) => css[at] === '\\' && !isNewline(css[at + 1]);
  const startsIdent = (at: number) => {
    const c = css[at];
    if (c === '-') return isNameStart(css[at + 1]) || css[at + 1] === '-' || validEscape(at + 1);
    return isNameStart(c) || validEscape(at);
  };
  const startsNumber = (at: number) => {
    const c = css[at];
    if (c === '+' || c === '-') return isDigit(css[at + 1]) || (css[at + 1] === '.' && isDigit(css[at + 2]));
    if (c === '.') return isDigit(css[at + 1]);
    return isDigit(c);
  };
  /** After a backslash that starts a valid escape: the code point it stands for. */
  function escape(): string {
    i++;
    if (i >= css.length) return '\ufffd';
    if (isHex(css[i])) {
      let hex = '';
      while (hex.length < 6 && isHex(css[i])) hex += css[i++];
      if (css[i] === '\r' && css[i + 1] === '\n') i += 2;
      else if (isWhitespace(css[i])) i++;
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    const cp = css.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    return String.fromCodePoint(cp);
  }
  function name(): string {
    let out = '';
    for (;;) {
      if (isName(css[i])) out += css[i++];
      else if (validEscape(i)) out += escape();
      else return out;
    }
  }
  function string(quote: string): 'string' | 'bad-string' {
    i++;
    for (;;) {
      const c = css[i];
      if (c === undefined) return 'string';
      if (c === quote) {
        i++;
        return 'string';
      }
      if (isNewline(c)) return 'bad-string'; // the newline is not part of it
      if (c === '\\') {
        if (i + 1 >= css.length) i++;
        else if (isNewline(css[i + 1])) i += css[i + 1] === '\r' && css[i + 2] === '\n' ? 3 : 2;
        else escape();
      } else i++;
    }
  }
  function badUrlRemnants(): void {
    while (i < css.length && css[i] !== ')') {
      if (validEscape(i)) escape();
      else i++;
    }
    if (i < css.length) i++;
  }
  /** After `url(` and its whitespace, with no quote next. */
  function url(): 'url' | 'bad-url' {
    for (;;) {
      const c = css[i];
      if (c === undefined) return 'url';
      if (c === ')') {
        i++;
        return 'url';
      }
      if (isWhitespace(c)) {
        while (isWhitespace(css[i])) i++;
        if (css[i] === ')' || i >= css.length) continue;
        badUrlRemnants();
        return 'bad-url';
      }
      if (c === '"' || c === "'" || c === '(' || isNonPrintable(c)) {
        badUrlRemnants();
        return 'bad-url';
      }
      if (c === '\\') {
        if (!validEscape(i)) {
          badUrlRemnants();
          return 'bad-url';
        }
        escape();
      } else i++;
    }
  }
  const valueOf = (type: TokenType, start: number, end: number): string => {
    if (type === 'string' || type === 'bad-string') return resolve(css.slice(start + 1, css[end - 1] === css[start] && end - start > 1 ? end - 1 : end));
    if (type === 'url') return resolve(css.slice(start, end).replace(/^[^(]*\(\s*/, '').replace(/\s*\)?$/, ''));
    return '';
  };

  while (i < css.length) {
    const start = i;
    const c = css[i]!;
    let type: TokenType;
    let value = '';
    if (c === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2);
      i = close < 0 ? css.length : close + 2;
      type = 'comment';
    } else if (isWhitespace(c)) {
      while (isWhitespace(css[i])) i++;
      type = 'whitespace';
    } else if (c === '"' || c === "'") {
      type = string(c);
    } else if (startsNumber(i)) {
      if (css[i] === '+' || css[i] === '-') i++;
      while (isDigit(css[i])) i++;
      if (css[i] === '.' && isDigit(css[i + 1])) for (i++; isDigit(css[i]); i++);
      if ((css[i] === 'e' || css[i] === 'E') && (isDigit(css[i + 1]) || ((css[i + 1] === '+' || css[i + 1] === '-') && isDigit(css[i + 2])))) {
        for (i += 2; isDigit(css[i]); i++);
      }
      if (startsIdent(i)) name();
      else if (css[i] === '%') i++;
      type = 'number';
    } else if (startsIdent(i)) {
      value = name();
      if (css[i] !== '(') type = 'ident';
      else if (value.toLowerCase() !== 'url') {
        i++;
        type = 'function';
      } else {
        i++;
        let j = i;
        while (isWhitespace(css[j])) j++;
        if (css[j] === '"' || css[j] === "'") type = 'function';
        else {
          i = j;
          type = url();
        }
      }
    } else if (c === '#' && (isName(css[i + 1]) || validEscape(i + 1))) {
      i++;
      value = name();
      type = 'hash';
    } else if (c === '@' && startsIdent(i + 1)) {
      i++;
      value = name();
      type = 'at-keyword';
    } else if (SINGLE.has(c)) {
      i++;
      type = c as TokenType;
    } else {
      i += c.codePointAt(0)! > 0xffff ? 2 : 1;
      type = 'delim';
    }
    if (type === 'string' || type === 'bad-string' || type === 'url') value = valueOf(type, start, i);
    tokens.push({ type, start, end: i, value });
  }
  return tokens;
}

/** The escapes of a string's or url's text resolved. */
function resolve(text: string): string {
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|\r\n|[\n\r\f]|([\s\S]))/g, (_m, hex: string | undefined, other: string | undefined) => {
    if (hex !== undefined) {
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    return other ?? '';
  });
}

/**
 * Where blocks begin and end in a tokenized sheet, as the browser's parser nests them: `(`, `[` and functions open
 * blocks that end only at their own closer, so a `{`, `}` or `;` inside one belongs to it (`b: (} .x {})`).
 */
export function createBlocks(css: string) {
  const tokens = tokenize(css);
  const at = new Map<number, number>();
  tokens.forEach((t, k) => at.set(t.start, k));
  const indexFrom = (offset: number) => {
    const k = at.get(offset);
    if (k !== undefined) return k;
    return tokens.findIndex((t) => t.start >= offset); // (callers pass token boundaries)
  };
  const CLOSER: Partial<Record<TokenType, TokenType>> = { '(': ')', function: ')', '[': ']', '{': '}' };
  return {
    tokens,
    /** The offset of the next `{` or `;` outside brackets, from `from` (or `end`). */
    scan(from: number, end: number): number {
      const open: TokenType[] = [];
      for (let k = indexFrom(from); k >= 0 && k < tokens.length && tokens[k]!.start < end; k++) {
        const t = tokens[k]!;
        if (open.length === 0 && (t.type === '{' || t.type === ';')) return t.start;
        const closer = CLOSER[t.type];
        if (closer && t.type !== '{') open.push(closer);
        else if (open.length > 0 && t.type === open[open.length - 1]) open.pop();
        else if (open.length > 0 && t.type === '{') open.push('}');
      }
      return end;
    },
    /** The offset of the `}` closing the block opened at `open` (or `end`). */
    matching(openAt: number, end: number): number {
      const open: TokenType[] = [];
      for (let k = indexFrom(openAt); k >= 0 && k < tokens.length && tokens[k]!.start < end; k++) {
        const t = tokens[k]!;
        const closer = CLOSER[t.type];
        if (closer) open.push(closer);
        else if (open.length > 0 && t.type === open[open.length - 1]) {
          open.pop();
          if (open.length === 0) return t.start;
        }
      }
      return end;
    },
  };
}
