// `vite` dev servers on the playground, for e2e/dev.spec.ts. One per engine in enforce mode, because the spec edits the
// policy override file and a policy edit reloads every page of that server: each engine's tests edit their own
// server's file, so projects running in parallel never see each other's edits. One more in report mode, which no test
// edits. Each server has its own override file in playground/.e2e/<name>/ (inside the Vite root, so that the spec can
// also add a module there for the HMR test), and its own pre-bundling cache and terminal log outside the root (which
// every server watches) in node_modules/.cache/portcullis-e2e/<name>/.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 90_000;

export type DevSite = 'dev-chromium' | 'dev-firefox' | 'dev-webkit' | 'dev-report';
export const DEV_SITES: readonly DevSite[] = ['dev-chromium', 'dev-firefox', 'dev-webkit', 'dev-report'];

/** Set by global setup for the workers: one run's folders never collide with another run's on the same checkout. */
const RUN_ENV = 'PORTCULLIS_E2E_RUN';
const run = () => (process.env[RUN_ENV] ??= String(process.pid));

/** Where a dev server's override file is, inside the playground (the Vite root). */
export function devWorkDir(site: DevSite): string {
  return path.join(ROOT, 'playground', '.e2e', `${run()}-${site}`);
}

const stateDir = (site: DevSite) => path.join(ROOT, 'node_modules', '.cache', 'portcullis-e2e', `${run()}-${site}`);
export const devOverrideFile = (site: DevSite) => path.join(devWorkDir(site), 'portcullis.policy-override.json');
export const devLogFile = (site: DevSite) => path.join(stateDir(site), 'vite.log');

/** The dev server's terminal output so far. */
export function devLog(site: DevSite): string {
  return readFileSync(devLogFile(site), 'utf8');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningDevServer {
  url: string;
  close(): Promise<void>;
}

/** Starts `vite` (the dev server) on the playground, on a free loopback port, and waits until it answers. */
export async function startDevServer(site: DevSite): Promise<RunningDevServer> {
  for (const dir of [devWorkDir(site), stateDir(site)]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const port = await freePort();
  const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const log = createWriteStream(devLogFile(site));
  const child: ChildProcess = spawn(process.execPath, [viteBin, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORTCULLIS_MODE: site === 'dev-report' ? 'report' : 'enforce',
      PORTCULLIS_OVERRIDE: devOverrideFile(site),
      PORTCULLIS_VITE_CACHE: path.join(stateDir(site), 'vite-cache'),
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    rmSync(devWorkDir(site), { recursive: true, force: true });
    rmSync(stateDir(site), { recursive: true, force: true });
  };

  const started = Date.now();
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) {
      await close();
      throw new Error(`[e2e] ${site}: vite exited before answering:\n${devLog(site).slice(-4000)}`);
    }
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > START_TIMEOUT_MS) {
      await close();
      throw new Error(`[e2e] ${site}: vite did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${devLog(site).slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`[e2e] ${site}: vite dev server answering after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // A server that dies during the run fails its tests with "connection refused": say why, in the run's own output
  // (the tests' attachments do not reach CI's log).
  let closing = false;
  child.once('exit', (code, signal) => {
    if (!closing) console.error(`[e2e] ${site}: vite exited during the run (code ${code}, signal ${signal}):\n${devLog(site).slice(-4000)}`);
  });
  return {
    url,
    close: () => {
      closing = true;
      return close();
    },
  };
}
