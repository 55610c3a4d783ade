// Which crossing each package gets for the values the app hands it (src/boundary decides how values cross):
// full power (`document` or `window` granted outright): none, values pass; a `dom` section: the deep membrane of its
// attenuated DOM (src/boundary/app-membrane.ts); any other package: the shallow one (app-membrane-shallow.ts).
import type { RuntimeConfig } from '../shared/runtime-config.js';
import type { ViolationLog } from './violations.js';
import type { SesGlobals } from './registry.js';
import type { DomFacade } from '../dom/facade.js';
import { createHostClassifier } from '../boundary/host-classify.js';
import { collectIntrinsics, type Intrinsics } from '../boundary/intrinsics.js';
import { describeHost } from '../boundary/app-membrane.js';
import { createShallowMembrane } from '../boundary/app-membrane-shallow.js';
import { MapCtor } from '../boundary/primordials.js';

export interface AppCrossing {
  toPackage(value: unknown, label?: string): unknown;
  toApp(value: unknown, label?: string): unknown;
  /** True when values pass as themselves (a full-power package). */
  readonly passThrough: boolean;
  /** A membrane module's live binding: `refresh` runs after each call the app makes into the package. */
  watch(refresh: () => void): void;
}

export function createAppCrossings(options: {
  config: RuntimeConfig;
  realGlobal: typeof globalThis;
  ses: SesGlobals;
  log: ViolationLog;
  /** The package's attenuated DOM, created with its compartment; undefined without a `dom` section (or a DOM). */
  facadeOf(pkg: string): DomFacade | undefined;
}) {
  const { config, realGlobal, ses, log } = options;
  // Captured now, while the runtime is the only code that has run: an app class defined later is not the host's.
  const classifier = createHostClassifier(realGlobal);
  let intrinsics: Intrinsics | undefined;
  const watchers = new MapCtor<string, (() => void)[]>();
  const watchersOf = (pkg: string) => {
    let list = watchers.get(pkg);
    if (!list) watchers.set(pkg, (list = []));
    return list;
  };
  const shared = (pkg: string) => {
    // A fresh compartment's global holds exactly the intrinsics every compartment shares; Date and Math are the
    // start compartment's (registry.ts gives those to every package).
    intrinsics ??= collectIntrinsics([new ses.Compartment({ __options__: true }).globalThis, realGlobal.Date, realGlobal.Math]);
    const list = watchersOf(pkg);
    const settled = () => {
      for (let i = 0; i < list.length; i++) list[i]!();
    };
    return { intrinsics, isHostObject: classifier.isHostObject, settled };
  };
  const made = new MapCtor<string, AppCrossing>();
  const identity = (value: unknown) => value;

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
      if (facade) crossing = { toPackage: facade.toPackage, toApp: facade.toApp, passThrough: false, watch };
      else {
        const shallow = createShallowMembrane({
          ...shared(pkg),
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
