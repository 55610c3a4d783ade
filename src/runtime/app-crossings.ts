// Which crossing each package gets for the values the app hands it (src/boundary decides how values cross):
// full power (`document` or `window` granted outright): none, values pass; a `dom` section: the deep membrane of its
// attenuated DOM (src/boundary/app-membrane.ts); any other package: the shallow one (app-membrane-shallow.ts).
import type { RuntimeConfig } from '../shared/runtime-config.js';
import type { ViolationLog } from './violations.js';
import type { SesGlobals } from './registry.js';
import type { DomFacade } from '../dom/facade.js';
import type { HostClassifier } from '../boundary/host-classify.js';
import type { Intrinsics } from '../boundary/intrinsics.js';
import { describeHost } from '../boundary/app-membrane.js';
import { createShallowMembrane, type PeerValues } from '../boundary/app-membrane-shallow.js';
import { MapCtor } from '../boundary/primordials.js';

export interface AppCrossing {
  toPackage(value: unknown, label?: string): unknown;
  toApp(value: unknown, label?: string): unknown;
  /** True when values pass as themselves (a full-power package). */
  readonly passThrough: boolean;
  /** A membrane module's live binding: `refresh` runs after each call the app makes into the package. */
  watch(refresh: () => void): void;
  /** A dom-mode package's: its value behind its stand-in on the app's side, and that stand-in. */
  readonly peer?: PeerValues;
}

export function createAppCrossings(options: {
  config: RuntimeConfig;
  realGlobal: typeof globalThis;
  ses: SesGlobals;
  log: ViolationLog;
  /** The page's one host classifier (registry.ts), shared with the host membranes. */
  classifier: HostClassifier;
  /** The intrinsics every compartment shares (registry.ts, collected once for both membranes). */
  intrinsics(): Intrinsics;
  /** The package's attenuated DOM, created with its compartment; undefined without a `dom` section (or a DOM). */
  facadeOf(pkg: string): DomFacade | undefined;
}) {
  const { config, realGlobal, ses, log, classifier } = options;
  const watchers = new MapCtor<string, (() => void)[]>();
  const watchersOf = (pkg: string) => {
    let list = watchers.get(pkg);
    if (!list) watchers.set(pkg, (list = []));
    return list;
  };
  const shared = (pkg: string) => {
    const intrinsics = options.intrinsics();
    const list = watchersOf(pkg);
    const settled = () => {
      for (let i = 0; i < list.length; i++) list[i]!();
    };
    return { intrinsics, isHostObject: classifier.isHostObject, settled };
  };
  const made = new MapCtor<string, AppCrossing>();
  const identity = (value: unknown) => value;

  /**
   * The dom-mode packages that import `pkg` (their policy's `packages`), as one lookup: the app relaying their values
   * to `pkg` (app-membrane-shallow.ts, PeerValues). Undefined when there are none: no cost on other crossings. A
   * package whose membrane is not made yet has handed the app nothing.
   */
  function peersOf(pkg: string): PeerValues | undefined {
    const importers = Object.keys(config.resources).filter((name) => config.resources[name]!.dom && config.resources[name]!.imports?.includes(pkg));
    if (importers.length === 0) return undefined;
    const find = <T>(look: (peer: PeerValues) => T | undefined): T | undefined => {
      for (let i = 0; i < importers.length; i++) {
        const peer = made.get(importers[i]!)?.peer;
        const found = peer && look(peer);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    return { valueOf: (standIn) => find((p) => p.valueOf(standIn)), standInOf: (value) => find((p) => p.standInOf(value)) };
  }

  function membrane(pkg: string): AppCrossing {
    const existing = made.get(pkg);
    if (existing) return existing;
    const grants = config.resources[pkg]?.globals ?? {};
    let crossing: AppCrossing;
    const list = watchersOf(pkg);
    const watch = (refresh: () => void) => void list.push(refresh);
    if (grants.document === true || grants.window === true) {
      crossing = { toPackage: identity, toApp: identity, passThrough: true, watch: () => undefined };
    } else {
      const facade = config.resources[pkg]?.dom ? options.facadeOf(pkg) : undefined;
      if (facade) {
        const peer = { valueOf: facade.packageValueOf, standInOf: facade.appStandInOf };
        crossing = { toPackage: facade.toPackage, toApp: facade.toApp, passThrough: false, watch, peer };
      } else {
        const shallow = createShallowMembrane({
          ...shared(pkg),
          peers: peersOf(pkg),
          refuseHost(value, label) {
            const error = log.report(pkg, `${describeHost(value)} from the app (${label})`, '(crossing)', 'crossing');
            if (config.mode === 'enforce') throw error;
          },
        });
        crossing = { toPackage: shallow.toPackage, toApp: shallow.toApp, passThrough: false, watch };
      }
    }
    crossing = ses.harden(crossing);
    made.set(pkg, crossing);
    return crossing;
  }
  return { membrane, shared };
}
