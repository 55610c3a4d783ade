// Writes a parsed selector (css-what's tokens) back as CSS text, with every name escaped the way `CSS.escape` does
// and every value quoted. css-what's own `stringify` leaves `{`, `}`, `;`, `,` and `/*` in names unescaped: a class
// written `.a\,body` would come back as the list `.a,body`, and `.a\{` would end the rule early, so a confined
// stylesheet could carry an unconfined rule out (css-scope.ts). Anything this cannot write exactly throws.
import type { AttributeSelector, Selector } from 'css-what';

const COMBINATOR_TEXT: Record<string, string> = { descendant: ' ', child: ' > ', sibling: ' ~ ', adjacent: ' + ' };
const ACTION_TEXT: Record<string, string> = { equals: '=', element: '~=', start: '^=', end: '$=', any: '*=', hyphen: '|=' };
/** Arguments that are not selectors: `An+B` formulas, language and direction codes, custom state names. */
const PLAIN_ARGUMENT = /^[A-Za-z0-9_+\-\s]*$/;

/** An identifier as `CSS.escape` writes it. */
export function escapeIdent(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const c = name[i]!;
    if (code === 0) out += '\uFFFD';
    else if ((code >= 0x1 && code <= 0x1f) || code === 0x7f || (i === 0 && code >= 0x30 && code <= 0x39) || (i === 1 && code >= 0x30 && code <= 0x39 && name[0] === '-')) out += `\\${code.toString(16)} `;
    else if (i === 0 && name.length === 1 && c === '-') out += '\\-';
    else if (code >= 0x80 || c === '-' || c === '_' || /[0-9A-Za-z]/.test(c)) out += c;
    else out += `\\${c}`;
  }
  return out;
}

const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\a ').replace(/\r/g, '\\d ').replace(/\f/g, '\\c ')}"`;
const withNamespace = (name: string, namespace: string | null) => (namespace === null ? name : `${namespace === '*' ? '*' : escapeIdent(namespace)}|${name}`);

function attributeText(token: AttributeSelector): string {
  if (token.ignoreCase === 'quirks' && token.namespace === null) {
    if (token.name === 'id' && token.action === 'equals') return `#${escapeIdent(token.value)}`;
    if (token.name === 'class' && token.action === 'element') return `.${escapeIdent(token.value)}`;
  }
  const name = withNamespace(escapeIdent(token.name), token.namespace);
  if (token.action === 'exists') return `[${name}]`;
  const action = ACTION_TEXT[token.action];
  if (!action) throw new Error(`the attribute operator ${token.action}`);
  const flag = token.ignoreCase === true ? ' i' : token.ignoreCase === false ? ' s' : '';
  return `[${name}${action}${quoted(token.value)}${flag}]`;
}

function argumentText(name: string, data: Selector[][] | string | null): string {
  if (data === null) return '';
  if (typeof data !== 'string') return `(${selectorText(data)})`;
  if (!PLAIN_ARGUMENT.test(data)) throw new Error(`:${name}(${data})`);
  return `(${data})`;
}

export function selectorText(selectors: Selector[][]): string {
  return selectors.map((tokens) => tokens.map((token) => {
    switch (token.type) {
      case 'tag': return withNamespace(escapeIdent(token.name), token.namespace);
      case 'universal': return withNamespace('*', token.namespace);
      case 'attribute': return attributeText(token);
      case 'pseudo': return `:${escapeIdent(token.name)}${argumentText(token.name, token.data)}`;
      case 'pseudo-element': return `::${escapeIdent(token.name)}${argumentText(token.name, token.data)}`;
      default: {
        const text = COMBINATOR_TEXT[token.type];
        if (text === undefined) throw new Error(`the ${token.type} combinator`);
        return text;
      }
    }
  }).join('').trim()).join(', ');
}
