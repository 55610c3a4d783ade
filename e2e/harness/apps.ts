// The ecosystem matrix's apps (e2e/apps/<name>, npm workspaces): the create-vite templates and larger real apps, each
// using Portcullis as a user would. Global setup installs the packed tarball of this repository (`npm pack`) as
// node_modules/portcullis, so each app's `import portcullis from 'portcullis'` and the `portcullis` bin are the
// published files, not src/. Then, two apps at a time: `portcullis policy --check` (the committed policy is what the
// build generates) and `vite build`; each outcome is recorded, not thrown, so that e2e/apps.spec.ts says which app
// failed and why while the others still run. Then it serves each build with the CSP and starts `vite` on each app.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALLED, installPackedPortcullis } from '../../scripts/install-packed.mjs';
import { freePort } from './dev-servers.ts';

export { installPackedPortcullis };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const APPS_DIR = path.join(ROOT, 'e2e/apps');
const STEP_TIMEOUT_MS = 3 * 60_000;
const DEV_START_TIMEOUT_MS = 60_000;

/** Every folder of e2e/apps with a package.json, sorted. */
export function appNames(): string[] {
  if (!existsSync(APPS_DIR)) return [];
  return readdirSync(APPS_DIR)
    .filter((name) => existsSync(path.join(APPS_DIR, name, 'package.json')))
    .sort();
}

export interface StepOutcome {
  ok: boolean;
  seconds: number;
  /** The tail of the command's output: the review diff of `--check`, the build's error. */
  output: string;
}

export interface AppOutcome {
  check: StepOutcome;
  build: StepOutcome;
}

export const APPS_ENV = 'PORTCULLIS_E2E_APPS';

/** What global setup recorded for each app (the workers inherit it through the environment). */
export function appOutcome(name: string): AppOutcome | undefined {
  const raw = process.env[APPS_ENV];
  return raw ? (JSON.parse(raw) as Record<string, AppOutcome>)[name] : undefined;
}

function viteBin(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
}

function run(cwd: string, command: string, args: string[]): Promise<StepOutcome> {
  const started = Date.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-6_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, output });
    });
  });
}

/** `portcullis policy --check` then `vite build` in one app, with the installed bin, as its README would say. */
async function buildApp(name: string): Promise<AppOutcome> {
  const cwd = path.join(APPS_DIR, name);
  const check = await run(cwd, process.execPath, [path.join(INSTALLED, 'dist/cli/index.js'), 'policy', '--check']);
  const build = await run(cwd, process.execPath, [viteBin(), 'build', '--logLevel', 'warn']);
  const mark = (step: StepOutcome) => (step.ok ? `${step.seconds.toFixed(1)} s` : 'FAILED');
  console.log(`[e2e] apps: ${name}: policy --check ${mark(check)}, vite build ${mark(build)}`);
  return { check, build };
}

/** Builds every app, `concurrency` at a time; never throws for one app's failure. */
export async function buildApps(names: string[], concurrency = 2): Promise<Record<string, AppOutcome>> {
  const outcomes: Record<string, AppOutcome> = {};
  const queue = [...names];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) outcomes[name] = await buildApp(name);
    }),
  );
  return outcomes;
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
  /** The dev server's terminal output. */
  logFile: string;
}

/** `vite` in an app on a free loopback port, waiting until it answers; its pre-bundling cache is the app's own. */
export async function startAppDevServer(name: string): Promise<RunningApp> {
  const cwd = path.join(APPS_DIR, name);
  const logDir = path.join(ROOT, 'node_modules/.cache/portcullis-e2e', `${process.pid}-app-${name}`);
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'vite.log');
  const log = createWriteStream(logFile);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [viteBin(), '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ended = false;
  void exited.then(() => (ended = true));
  const close = async () => {
    if (!ended) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  const url = `http://127.0.0.1:${port}/`;
  const started = Date.now();
  for (;;) {
    if (ended) throw new Error(`[e2e] apps: ${name}: vite exited before answering (log: ${logFile})`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > DEV_START_TIMEOUT_MS) {
      await close();
      throw new Error(`[e2e] apps: ${name}: vite did not answer on ${url} within ${DEV_START_TIMEOUT_MS / 1000} s (log: ${logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, close, logFile };
}
