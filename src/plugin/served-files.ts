// THREATS.md row 57: which files run code when a server hands them out by URL. A package's file the build copies as
// it is (`?url`, `new URL('./x', import.meta.url)`, a plugin's asset, a data: URL), or `vite dev` serves as it is, was
// never confined: if it is a script or a document with script, loaded by URL at the page's origin (a worker, a frame,
// `open()`, a navigation) it runs with the page's full power. Decided here, for the build (package-checks.ts,
// inlined-scripts.ts, import-meta.ts) and the dev server (src/dev/package-documents.ts) alike.
// - By name: what servers give a JavaScript MIME type (`.js`, `.mjs`; `.ecma` to Vite's own server in `vite dev` and
//   `vite preview`, `.es` and `.ecma` to mime-db's users: express, serve-static) or an HTML one.
// - By content, for every other name but the few a browser never renders as a document (raster images, fonts, audio,
//   video, CSS, JSON, text, wasm): servers map dozens of extensions to XML types (`.owl`, `.dbk`, `.mathml`, `.smil`,
//   `.ttml` to Vite's own server), and one with no type is sniffed as HTML. A document is code when it carries active
//   content (a script, an event handler, a `javascript:` URL, embedded HTML, a character reference that could spell
//   either); it is read as a server would hand it over (gzip decoded: `.svgz` is served `Content-Encoding: gzip`) and
//   as a browser decodes it (UTF-16 by its byte order mark or its first `<`). Outside the XML/SVG names, only text
//   that starts with markup is read: XML must, and HTML sniffing looks there.
import { gunzipSync } from 'node:zlib';

/** Files that run as code when loaded by URL, by name alone. */
export const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?|e(?:cma|s)|s?html?|xht(?:ml)?)$/i;
/** Documents by name (SVG, XML): read whole for active content. */
const DOCUMENT_FILE = /\.(?:svgz?|xml|xsl|xslt|xsd|rss|atom|rdf|mml|kml|gpx|xspf|opml|xul)$/i;
/** What no browser renders as a document, whatever it holds. */
const INERT_FILE = /\.(?:png|apng|jpe?g|jfif|pjpeg|pjp|gif|webp|avif|jxl|heic|heif|ico|cur|bmp|tiff?|woff2?|ttf|otf|eot|mp3|mp4|m4a|m4v|aac|flac|wav|weba|webm|ogg|oga|ogv|opus|mov|wasm|css|json|map|txt|csv|tsv|md|pdf|glb)$/i;
/**
 * Markup that runs script. Event handlers after whitespace, `/` or a quote (`<img/onerror=…>`,
 * `<img src="x"onerror=…>` are attributes to the HTML tokenizer); `&Tab;`, `&NewLine;`, `&colon;` spell `javascript:`.
 */
const ACTIVE_CONTENT = /<(?:[\w-]+:)?(?:script|foreignObject|iframe|frame|embed|object|handler|listener)\b|[\s/"']on[a-z]+\s*=|javascript:|&#|&(?:tab|newline|colon);|<!ENTITY|<\?xml-stylesheet/i;

const startsWithMarkup = (text: string) => /^[\ufeff\s]*</.test(text);

/** A name no browser renders as a document (its content need not be read). */
export const isInertName = (name: string): boolean => INERT_FILE.test(name) && !SCRIPT_FILE.test(name);

/** A file that runs as code when loaded by URL: by its name, or by what it holds. */
export function isScriptFile(name: string, source?: string | Uint8Array): boolean {
  if (SCRIPT_FILE.test(name)) return true;
  if (source === undefined || INERT_FILE.test(name)) return false;
  // (A large binary of another name is decided by its first bytes, before it is decoded whole: its first character
  // that is not white space, if they hold one.)
  if (!DOCUMENT_FILE.test(name) && typeof source !== 'string' && !(source[0] === 0x1f && source[1] === 0x8b) && /^[\ufeff\s]*[^\ufeff\s<]/.test(served(source.subarray(0, 4096)))) return false;
  const text = served(source);
  if (!DOCUMENT_FILE.test(name) && !startsWithMarkup(text)) return false;
  return ACTIVE_CONTENT.test(text);
}

/** The text a browser reads: gzip decoded, then UTF-16 (by BOM or a leading `<` byte pair) or bytes as latin1. */
function served(source: string | Uint8Array): string {
  if (typeof source === 'string') return source;
  let bytes = Buffer.from(source);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: 64 * 1024 * 1024 });
    } catch {
      // not gzip after all: read as it is
    }
  }
  const [a, b] = [bytes[0], bytes[1]];
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00)) return bytes.toString('utf16le');
  if ((a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c)) return Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16().toString('utf16le');
  // (UTF-8 markup's ASCII reads the same in latin1; the UTF-8 BOM is stripped as `ï»¿` is not: allow it.)
  return bytes.toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
}
