// The dev client: the app's own code (not confined), loaded by the dev server right after the runtime script. It
// subscribes to the registry, sends each violation to the dev server with the stack frame where it happened (the
// server turns it into a line of the original file), and shows the server's list, which survives reloads, in the
// overlay. Reports are batched: a package hitting a denied global in a loop costs one message per 100 ms, not one
// per access.
import { DEV_EVENT, DEV_RUNTIME_PATH, type DevState, type ReportedViolation, type StackFrame } from '../../shared/dev-protocol.js';
import { defineOverlay, OVERLAY_TAG, type PortcullisOverlay } from './overlay.js';

interface RuntimeViolation {
  package: string;
  api: string;
  module: string;
  kind: ReportedViolation['kind'];
  count: number;
  snippet: string;
}

interface Registry {
  violations(): RuntimeViolation[];
  onViolation(listener: (violation: RuntimeViolation) => void): void;
}

const FLUSH_MS = 100;
const FRAME = /(https?:\/\/[^\s()]+?):(\d+):(\d+)\)?\s*$/;
const clientUrl = import.meta.url.split(/[?#]/)[0];

/** The first frame outside the runtime script and this client: the module that touched the denied API. */
export function violationFrame(stack: string | undefined): StackFrame | undefined {
  for (const line of (stack ?? '').split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const url = match[1]!;
    const bare = url.split(/[?#]/)[0]!;
    if (bare === clientUrl || bare.endsWith(DEV_RUNTIME_PATH)) continue;
    return { url, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

function start(): void {
  const hot = import.meta.hot;
  if (!hot) return;
  const registry = (globalThis as { __portcullis__?: Registry }).__portcullis__;
  defineOverlay();
  const overlay = document.createElement(OVERLAY_TAG) as PortcullisOverlay;
  overlay.hidden = true;
  overlay.connect({ clear: () => hot.send(DEV_EVENT.clear, {}) });
  const mount = () => document.body.append(overlay);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });

  hot.on(DEV_EVENT.state, (state: DevState) => overlay.update(state));
  hot.send(DEV_EVENT.hello, {});

  if (!registry) return; // the runtime script did not run: the prelude of the first confined module says so loudly
  const pending = new Map<string, ReportedViolation>();
  const framed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    hot.send(DEV_EVENT.report, { violations: [...pending.values()] });
    pending.clear();
  };
  const keyOf = (v: RuntimeViolation) => JSON.stringify([v.package, v.api, v.module, v.kind]);
  const note = (key: string, v: RuntimeViolation, count: number, stack: string | undefined) => {
    let report = pending.get(key);
    if (!report) {
      report = { package: v.package, api: v.api, module: v.module, kind: v.kind, count: 0, snippet: v.snippet };
      pending.set(key, report);
    }
    report.count += count;
    if (stack !== undefined && !framed.has(key)) {
      const frame = violationFrame(stack);
      if (frame) {
        report.frame = frame;
        framed.add(key);
      }
    }
    timer ??= setTimeout(flush, FLUSH_MS);
  };
  // Violations before this module ran (none when it runs first, as the dev server arranges), then every new one.
  for (const v of registry.violations()) note(keyOf(v), v, v.count, undefined);
  registry.onViolation((v) => {
    const key = keyOf(v);
    // A stack only for the first occurrence: capturing one costs microseconds, and a loop can hit the same denial often.
    note(key, v, 1, framed.has(key) ? undefined : new Error().stack);
  });
}

start();
