// Every denied access becomes a PortcullisPolicyError that names the package, the API, the module and the policy
// line that would allow it, and is reported even when the package catches the error (a hostile package will).
import { JSONStringify, apply, ArrayPrototypePush, freeze } from '../boundary/primordials.js';

export interface Violation {
  package: string;
  api: string;
  module: string;
  kind: 'read' | 'write' | 'call' | 'import' | 'dom' | 'crossing';
  /** A policy fragment that would allow it, to paste into the override file. */
  snippet: string;
  count: number;
}

export type ViolationListener = (violation: Violation) => void;

export interface ViolationLog {
  report(pkg: string, api: string, module: string, kind: Violation['kind']): Error;
  list(): Violation[];
  subscribe(listener: ViolationListener): void;
}

export function policySnippet(pkg: string, api: string, kind: Violation['kind']): string {
  if (kind === 'import') {
    return '(no grant allows a computed import(): import a literal specifier, so the build can check it against the policy)';
  }
  if (kind === 'crossing') return 'give it a dom section or grant document';
  if (api.endsWith(' with a string of code')) return '(no grant allows code in a string: pass a function)';
  // A listener on the window or document it is not told of (src/boundary/host-events.ts): the grant that tells it all.
  if (api.indexOf(' on the window or document (page events:') !== -1) {
    return JSONStringify({ resources: { [pkg]: { globals: { addEventListener: 'origin' } } } });
  }
  if (kind === 'dom') {
    const created = /^document\.createElement(?:NS)?\('(?:[^']*', ')?([^']+)'\)/.exec(api);
    if (created) return JSONStringify({ resources: { [pkg]: { dom: { create: [created[1]] } } } });
    const listened = /^addEventListener\('([^']+)'\)/.exec(api);
    if (listened) return JSONStringify({ resources: { [pkg]: { dom: { events: [listened[1]] } } } });
    return '(no grant allows this inside the attenuated DOM; a package that needs it must be given "document" itself, after review)';
  }
  return JSONStringify({ resources: { [pkg]: { globals: { [api]: kind === 'write' ? 'write' : true } } } });
}

/**
 * For a read of a top-level name: the quiet alternative. The runtime sees only the access, not whether the code tests
 * the name (`g.requestIdleCallback || fallback`); `false` makes it read as absent with no error, which is the answer
 * when the package has a fallback (`portcullis policy` writes it for the probes it sees).
 */
export function quietSnippet(pkg: string, api: string, kind: Violation['kind']): string | undefined {
  if (kind !== 'read' || api.indexOf('.') !== -1 || api.indexOf(' ') !== -1) return undefined;
  return JSONStringify({ resources: { [pkg]: { globals: { [api]: false } } } });
}

/**
 * @param BaseError the compartments' shared Error, so that a caught policy error leads a package to no constructor
 *   of the start compartment (whose Error has V8's stack hooks).
 */
export function createViolationLog(BaseError: ErrorConstructor, overrideFile: string): {
  log: ViolationLog;
  PortcullisPolicyError: new (violation: Violation) => Error;
} {
  class PortcullisPolicyError extends BaseError {
    declare readonly package: string;
    declare readonly api: string;
    declare readonly module: string;
    declare readonly snippet: string;
    constructor(v: Violation) {
      const verb = v.kind === 'write' ? 'may not assign' : v.kind === 'import' ? 'may not import' : 'may not use';
      const quiet = quietSnippet(v.package, v.api, v.kind);
      const fix = v.snippet.startsWith('{')
        ? `If it should, add to ${overrideFile}: ${v.snippet}` + (quiet ? `. If it only tests for it and has a fallback, ${quiet} makes it read as absent, quietly` : '')
        : v.snippet;
      super(
        v.kind === 'crossing'
          ? `Portcullis: package "${v.package}" received ${v.api}; ${v.snippet} (PORTCULLIS_POLICY_VIOLATION)`
          : `Portcullis: package "${v.package}" ${verb} ${v.api} (in ${v.module}). ${fix} (PORTCULLIS_POLICY_VIOLATION)`,
      );
      this.name = 'PortcullisPolicyError';
      this.package = v.package;
      this.api = v.api;
      this.module = v.module;
      this.snippet = v.snippet;
    }
  }

  const byKey = new Map<string, Violation>();
  const order: Violation[] = [];
  const listeners: ViolationListener[] = [];

  const log: ViolationLog = {
    report(pkg, api, module, kind) {
      const key = `${pkg}\u0000${api}\u0000${module}\u0000${kind}`;
      let v = byKey.get(key);
      if (v) v.count++;
      else {
        v = { package: pkg, api, module, kind, snippet: policySnippet(pkg, api, kind), count: 1 };
        byKey.set(key, v);
        apply(ArrayPrototypePush, order, [v]);
      }
      const copy = freeze({ ...v });
      for (const listener of listeners) {
        try {
          listener(copy);
        } catch {
          // A broken listener must not turn a denial into something else.
        }
      }
      return new PortcullisPolicyError(copy);
    },
    list: () => order.map((v) => freeze({ ...v })),
    subscribe(listener) {
      apply(ArrayPrototypePush, listeners, [listener]);
    },
  };
  return { log, PortcullisPolicyError };
}
