// The attack apps of e2e/attacks/ (see its README): each is built four times, by `vite build` and by plain Rollup 4,
// each without and with Portcullis, and served as the sites `attacks-<name>-<variant>` (plain variants without a CSP,
// confined ones with the app's), so a spec proves each attack works without Portcullis before it proves Portcullis
// stops it, under both bundlers.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserPage } from './browser-page.ts';
import { served } from './sites.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ATTACKS_DIR = path.join(ROOT, 'e2e/attacks');
const BUILD_TIMEOUT_MS = 5 * 60_000;

/** Names of the apps under e2e/attacks/ (folders with an index.html). */
export function attackApps(): string[] {
  if (!existsSync(ATTACKS_DIR)) return [];
  return readdirSync(ATTACKS_DIR).filter((name) => existsSync(path.join(ATTACKS_DIR, name, 'index.html'))).sort();
}

/** One build of an attack app: `plain`/`confined` by `vite build`, `rollup-plain`/`rollup-confined` by Rollup 4. */
export type AttackVariant = 'plain' | 'confined' | 'rollup-plain' | 'rollup-confined';
export const ATTACK_VARIANTS: readonly AttackVariant[] = ['plain', 'confined', 'rollup-plain', 'rollup-confined'];

/** The two-step proof's pair of builds, once per bundler: a spec runs each of its attacks against both. */
export const ATTACK_BUILDS = [
  { bundler: 'vite', plain: 'plain', confined: 'confined' },
  { bundler: 'rollup', plain: 'rollup-plain', confined: 'rollup-confined' },
] as const satisfies ReadonlyArray<{ bundler: string; plain: AttackVariant; confined: AttackVariant }>;
export type AttackBuild = (typeof ATTACK_BUILDS)[number];

/** Builds one app in every variant (side by side: they write different folders). */
export async function buildAttackApp(name: string): Promise<void> {
  await Promise.all(ATTACK_VARIANTS.map((variant) => buildVariant(name, variant)));
}

async function buildVariant(name: string, variant: AttackVariant): Promise<void> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'e2e/harness/build-attack-app.mjs'), path.join(ATTACKS_DIR, name), variant], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`[e2e] attack app ${name} (${variant}) failed to build (exit ${code}):\n${output}`);
  console.log(`[e2e] attack app ${name} (${variant}): ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const DIST: Record<AttackVariant, string> = { plain: 'dist-plain', confined: 'dist', 'rollup-plain': 'dist-rollup-plain', 'rollup-confined': 'dist-rollup' };

export function attackDist(name: string, variant: AttackVariant): string {
  return path.join(ATTACKS_DIR, name, DIST[variant]);
}

/** One attack's outcome, as e2e/attacks/lib/attack.js records it. */
export interface AttackResult {
  /** 'reached': the attack got what it wanted; 'failed': it threw or found nothing. */
  outcome: 'reached' | 'failed';
  /** The thrown error's name (`PortcullisPolicyError`, `TypeError`, …), or null. */
  errorName: string | null;
  /** The thrown error's message, or the value the attack returned, as text. */
  detail: string;
}

export interface AttackPage {
  results: Record<string, AttackResult>;
  /** Violations recorded by the confined runtime (`__portcullis__.violations()`); empty in the plain build. */
  violations: Array<{ package: string; api: string }>;
}

/** Opens an attack app and waits until every attack has settled. */
export async function openAttackApp(page: BrowserPage, name: string, variant: AttackVariant): Promise<AttackPage> {
  await page.goto(served(`attacks-${name}-${variant}`, '/'));
  await page.waitFor('body[data-attacks-done="true"]', 30_000);
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      __attackResults: Record<string, { outcome: 'reached' | 'failed'; errorName: string | null; detail: string }>;
      __portcullis__?: { violations(): Array<{ package: string; api: string }> };
    };
    return {
      results: g.__attackResults,
      violations: (g.__portcullis__?.violations() ?? []).map((v) => ({ package: v.package, api: v.api })),
    };
  });
}
