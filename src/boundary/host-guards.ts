// The URLs a package hands the host where a URL is code (invariant 1 with the evaluators of row 53): a worker, worklet
// or service worker from a blob: or data: URL is a realm no build confined, a javascript: URL given to a navigation
// runs its code in the page itself, with the real window, and a navigation (`open`, `location`) to a blob: or data:
// URL opens a document of the package's own making, in the page's origin. All are refused whatever the page's CSP.
// The host membrane calls these before the real constructor, function or setter runs, with its arguments already
// converted for the host.
import type { HostRefs } from './host-membrane.js';
import { StringCtor } from './primordials.js';

export function createUrlGuards(host: HostRefs, toHost: (value: unknown) => unknown, refuse: (api: string) => never) {
  /**
   * The scheme of the URL in `args[0]`, as the browser will read it. Coerced once (a getter-shaped URL cannot answer
   * differently to the check and to the browser), then parsed against the page's URL; text the parser refuses (or a
   * realm without URL) is read up to its first colon as the parser would.
   */
  function urlProtocol(args: unknown[]): string {
    const url = StringCtor(toHost(args[0]));
    args[0] = url;
    try {
      if (host.URLCtor) return new host.URLCtor(url, host.baseUrl()).protocol;
    } catch {
      // below
    }
    // (As the URL parser reads it: leading C0 controls and spaces dropped, tabs and newlines dropped anywhere.)
    let scheme = '';
    for (let i = 0; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c === 0x09 || c === 0x0a || c === 0x0d || (scheme === '' && c <= 0x20)) continue;
      if (c === 0x3a) return `${scheme.toLowerCase()}:`;
      scheme += url[i];
    }
    return '';
  }

  return {
    guardConstruct(real: object, args: unknown[], label: string): void {
      if (!host.workers.has(real)) return;
      const protocol = urlProtocol(args);
      if (protocol === 'blob:' || protocol === 'data:') {
        refuse(`new ${label}('${protocol}…') (a worker from a blob: or data: URL runs code no build confined)`);
      }
    },
    guardCall(real: object, args: unknown[], label: string): void {
      if (host.codeLoaders.has(real)) {
        const protocol = urlProtocol(args);
        if (protocol === 'blob:' || protocol === 'data:') refuse(`${label}('${protocol}…') (a worklet or service worker from a blob: or data: URL runs code no build confined)`);
        return;
      }
      if (!host.navigations.has(real)) return;
      const protocol = urlProtocol(args);
      if (protocol === 'javascript:') {
        refuse(`${label}('javascript:…') (a javascript: URL runs its code in the page, with the real window)`);
      }
      // A blob: URL is of the page's own origin: the package's HTML there runs with the origin's full power (its
      // cookies, every store, `opener` the real window), and no build confined its scripts. data: likewise.
      if (protocol === 'blob:' || protocol === 'data:') {
        refuse(`${label}('${protocol}…') (a document from a ${protocol} URL runs code no build confined, in the page's origin)`);
      }
    },
  };
}
