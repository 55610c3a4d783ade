// The policy file's shape (LavaMoat-compatible where it overlaps) and its validation.
// Deny by default: an unknown key, a wrong value or a package name outside the dependency graph is an error that
// names the file, the JSON path and the fix, never something silently ignored.
import { PortcullisBuildError } from '../plugin/errors.js';
import { FORBIDDEN_TAGS } from '../shared/forbidden-tags.js';
import { normalizeGrantKey } from '../shared/global-path.js';

export { FORBIDDEN_TAGS };

/** `'origin'`: a store (localStorage, sessionStorage, indexedDB, caches) or BroadcastChannel names origin-wide instead of the package's own; on addEventListener, every event of the page (src/boundary/host-events.ts). */
export type GlobalGrantValue = true | false | 'write' | 'origin';

/** The stores a grant gets namespaced per package unless its value is "origin" (src/boundary/host-storage.ts). */
export const STORE_GLOBALS: ReadonlySet<string> = new Set(['localStorage', 'sessionStorage', 'indexedDB', 'caches', 'BroadcastChannel']);
/** Under navigator, what names the origin's locks and files (src/boundary/host-names.ts). */
const NAVIGATOR_STORES = ['navigator.locks', 'navigator.storage', 'navigator.storageBuckets', 'SharedWorker'];
/** A grant path "origin" may be given to: under a store global or one of NAVIGATOR_STORES. */
export const isStorePath = (path: string): boolean =>
  STORE_GLOBALS.has(path.split('.')[0]!) || NAVIGATOR_STORES.some((store) => path === store || path.startsWith(`${store}.`));

export interface DomGrant {
  create?: string[];
  events?: string[];
  /** Origins that URL-bearing attributes (src, href, srcset, ping, ...) may point at; `'self'` is the page's. */
  origins?: string[];
  /** Allows `position: fixed/sticky` and the top layer (full-page effects). */
  overlay?: boolean;
  /** Allows top-level navigation: `<a href>`, form submission, `action`/`formaction` (origins still apply). */
  navigate?: boolean;
  /** Allows reading pixels back from a canvas holding what the package did not draw (an image, the app's canvas). */
  readPixels?: boolean;
}

export interface ResourcePolicy {
  globals?: Record<string, GlobalGrantValue>;
  packages?: Record<string, boolean>;
  dom?: DomGrant;
  /**
   * `import.meta` members beyond those every package has (`url`, `resolve`, `env.MODE`, `env.DEV`, `env.PROD`,
   * `env.SSR`, `env.BASE_URL`): `"env.VITE_X": true` one env value, `"env": true` all of them, `"hot": true` Vite's
   * HMR API (src/plugin/import-meta.ts).
   */
  importMeta?: Record<string, boolean>;
  /** Package CSS: origins its `url()`, `@import`, `image-set()` and font sources may load from (src/plugin/css-policy.ts). */
  css?: CssGrant;
}

export interface CssGrant {
  /** Same form as `dom.origins`: `"https://fonts.example"`, or `"'self'"` for the page's own origin. */
  origins?: string[];
}

export interface Policy {
  resources: Record<string, ResourcePolicy>;
}

const GLOBAL_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const IMPORT_META_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/;
const RESOURCE_KEYS = new Set(['globals', 'packages', 'dom', 'importMeta', 'css']);

/** `'self'`, or a URL origin written as one (`https://host[:port]`, nothing after it). */
function isOrigin(value: string): boolean {
  if (value === "'self'") return true;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validatePolicy(value: unknown, file: string, knownPackages?: ReadonlySet<string>): Policy {
  const fail = (path: string, problem: string, fix: string): never => {
    throw new PortcullisBuildError('PORTCULLIS_POLICY_INVALID', `${file}: ${path}: ${problem}. ${fix}`);
  };
  if (!isObject(value)) fail('(top level)', 'expected an object with "resources"', 'Start from {"resources": {}}.');
  const top = value as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (key !== 'resources') fail(key, 'unknown key', 'The only top-level key is "resources"; remove it.');
  }
  if (!isObject(top.resources)) fail('resources', 'expected an object', 'Use {"resources": {"package-name": {...}}}.');
  const resources = top.resources as Record<string, unknown>;
  for (const [name, resource] of Object.entries(resources)) {
    const at = `resources[${JSON.stringify(name)}]`;
    if (knownPackages && !knownPackages.has(name)) {
      fail(at, 'no such package in the app\'s dependency graph', 'Use the canonical name (dependency path joined with ">") or remove the entry; `portcullis policy` lists the names.');
    }
    if (!isObject(resource)) fail(at, 'expected an object', 'Use {"globals": {}, "packages": {}}.');
    const r = resource as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (!RESOURCE_KEYS.has(key)) fail(`${at}.${key}`, 'unknown key', 'A resource has only "globals", "packages", "dom", "importMeta" and "css".');
    }
    if (r.globals !== undefined) {
      if (!isObject(r.globals)) fail(`${at}.globals`, 'expected an object', 'Map global names to true or "write".');
      for (const [path, grant] of Object.entries(r.globals as object)) {
        const gAt = `${at}.globals[${JSON.stringify(path)}]`;
        if (!GLOBAL_PATH.test(path)) fail(gAt, 'not a global name or dotted path', 'Use names like "fetch" or "console.warn".');
        if (grant === 'origin') {
          if (!isStorePath(path) && normalizeGrantKey(path) !== 'addEventListener') fail(gAt, '"origin" applies only to localStorage, sessionStorage, indexedDB, caches, BroadcastChannel, navigator.locks, navigator.storage, navigator.storageBuckets, SharedWorker and addEventListener (every event of the page)', 'Use true, false or "write".');
          continue;
        }
        if (grant !== true && grant !== false && grant !== 'write') fail(gAt, `expected true, false or "write", got ${JSON.stringify(grant)}`, 'Fix the value ("origin" is for a store: localStorage, sessionStorage, indexedDB, caches, BroadcastChannel, navigator.locks, navigator.storage or navigator.storageBuckets, or addEventListener for every event of the page).');
      }
    }
    if (r.packages !== undefined) {
      if (!isObject(r.packages)) fail(`${at}.packages`, 'expected an object', 'Map canonical package names to true.');
      for (const [pkg, grant] of Object.entries(r.packages as object)) {
        const pAt = `${at}.packages[${JSON.stringify(pkg)}]`;
        if (typeof grant !== 'boolean') fail(pAt, `expected true or false, got ${JSON.stringify(grant)}`, 'Fix the value.');
        if (knownPackages && !knownPackages.has(pkg)) fail(pAt, 'no such package in the app\'s dependency graph', 'Use the canonical name or remove the entry.');
      }
    }
    if (r.dom !== undefined) validateDom(r.dom, `${at}.dom`, fail);
    if (r.importMeta !== undefined) {
      if (!isObject(r.importMeta)) fail(`${at}.importMeta`, 'expected an object', 'Map import.meta members to true, e.g. {"env.VITE_API_URL": true}.');
      for (const [path, grant] of Object.entries(r.importMeta as object)) {
        const mAt = `${at}.importMeta[${JSON.stringify(path)}]`;
        if (!IMPORT_META_PATH.test(path)) fail(mAt, 'not an import.meta member', 'Use "env", "env.VITE_NAME" or "hot".');
        if (typeof grant !== 'boolean') fail(mAt, `expected true or false, got ${JSON.stringify(grant)}`, 'Fix the value.');
      }
    }
    if (r.css !== undefined) {
      if (!isObject(r.css)) fail(`${at}.css`, 'expected an object', 'Use {"origins": ["https://fonts.example"]}.');
      for (const [key, list] of Object.entries(r.css as object)) {
        if (key !== 'origins') fail(`${at}.css.${key}`, 'unknown key', 'The css section has only "origins".');
        if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || !isOrigin(x))) {
          fail(`${at}.css.origins`, 'expected an array of origins', `Use origins like "https://fonts.example" (scheme, host, optional port) or "'self'".`);
        }
      }
    }
  }
  return value as Policy;
}

const DOM_SWITCHES = new Set(['overlay', 'navigate', 'readPixels']);
const DOM_KEYS = new Set(['create', 'events', 'origins', ...DOM_SWITCHES]);

function validateDom(dom: unknown, at: string, fail: (path: string, problem: string, fix: string) => never): void {
  if (!isObject(dom)) fail(at, 'expected an object', 'Use {"create": ["div"], "events": ["click"]}.');
  for (const [key, list] of Object.entries(dom as object)) {
    if (!DOM_KEYS.has(key)) {
      fail(`${at}.${key}`, 'unknown key', 'The dom section has only "create", "events", "origins", "overlay", "navigate" and "readPixels".');
    }
    if (DOM_SWITCHES.has(key)) {
      if (typeof list !== 'boolean') fail(`${at}.${key}`, 'expected true or false', 'Fix the value.');
      continue;
    }
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) fail(`${at}.${key}`, 'expected an array of strings', 'Fix the value.');
    if (key === 'create') {
      for (const tag of list as string[]) {
        if (FORBIDDEN_TAGS.has(tag.toLowerCase())) {
          fail(`${at}.create`, `"${tag}" creates a realm or runs code and can never be granted`, 'Remove it; a package that needs it must get "document" itself, after review.');
        }
      }
    }
  }
}

/** Sorted keys at every level, so a review diff shows only real changes. */
export function stablePolicyJson(policy: Policy): string {
  const sortDeep = (value: unknown): unknown => {
    if (Array.isArray(value)) return [...value].sort();
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep(value[k])]),
    );
  };
  return `${JSON.stringify(sortDeep(policy), null, 2)}\n`;
}
