// Runs once per `playwright test`, before any worker: builds the playground twice (confined and plain) and serves the
// builds and the harness fixtures on loopback ports. Returns the teardown that stops the servers.
//
// Building here rather than in a webServer command keeps one source of truth for "what is tested": every run tests
// the current source, and a failed build fails the run with the build's own output instead of a port-wait timeout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStaticServer } from '../../scripts/serve.mjs';
import { ATTACK_VARIANTS, attackApps, attackDist, buildAttackApp } from './attack-apps.ts';
import { APPS_ENV, appNames, buildApps, installPackedPortcullis, startAppDevServer, type AppOutcome } from './apps.ts';
import { buildCorpus } from './corpus.ts';
import { DEV_SITES, startDevServer } from './dev-servers.ts';
import { FIXTURE_CSP, SITES_ENV, type Site } from './sites.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD_TIMEOUT_MS = 5 * 60_000;
const SES_DIST = path.join(ROOT, 'node_modules/ses/dist');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const servers: Array<{ close(): Promise<void> }> = [];
  const urls: Partial<Record<Site, string>> = {};
  const serve = async (site: Site, root: string, csp?: string) => {
    // Only the fixtures get SES from node_modules (for lockdown.html); the builds must be served exactly as built.
    const mounts: Record<string, string> = site.startsWith('fixtures') ? { '/vendor/ses/': SES_DIST } : {};
    const server = await startStaticServer({ root, csp, mounts });
    servers.push(server);
    urls[site] = server.url;
  };
  const teardown = async () => {
    await Promise.all(servers.map((server) => server.close()));
  };

  try {
    const fixtures = path.join(ROOT, 'e2e/fixtures');
    await serve('fixtures', fixtures);
    await serve('fixtures-csp', fixtures, FIXTURE_CSP);

    const mode = buildMode();
    if (mode !== 'none' && existsSync(path.join(ROOT, 'playground/index.html'))) {
      // The dev servers need no build (they serve the source); they start while the builds run.
      const devServers = Promise.allSettled(
        DEV_SITES.map(async (site) => {
          const server = await startDevServer(site);
          servers.push(server);
          urls[site] = server.url;
        }),
      ).then((results) => results.forEach((result) => { if (result.status === 'rejected') throw result.reason; }));
      // The two builds write to different folders, so they can run side by side.
      const builds = mode === 'build' ? Promise.all([viteBuild({}), viteBuild({ PORTCULLIS: 'off' })]) : undefined;
      // Both settled before a failure is thrown, so that teardown stops every dev server that did start.
      for (const result of await Promise.allSettled([builds, devServers])) if (result.status === 'rejected') throw result.reason;
      await serve('confined', requireBuild('playground/dist'), await appCsp());
      await serve('plain', requireBuild('playground/dist-plain'));
    } else {
      console.log(`[e2e] serving the harness fixtures only (${mode === 'none' ? 'PORTCULLIS_E2E_BUILD=none' : 'no playground/index.html yet'}).`);
    }
    // The attack apps (e2e/attacks/*): each built plain and confined by Vite and by Rollup, served without and with
    // the app's CSP.
    if (mode !== 'none') {
      for (const name of attackApps()) {
        if (mode === 'build') await buildAttackApp(name);
        for (const variant of ATTACK_VARIANTS) {
          await serve(`attacks-${name}-${variant}`, requireDir(attackDist(name, variant)), variant.endsWith('confined') ? await appCsp() : undefined);
        }
      }
    }
    // The corpus (e2e/corpus.spec.ts): its policy checked against its build, then built with it, served with the CSP.
    if (mode !== 'none' && existsSync(path.join(ROOT, 'e2e/corpus/index.html'))) {
      if (mode === 'build') await buildCorpus();
      await serve('corpus', requireBuild('e2e/corpus/dist'), await appCsp());
    }
    // The ecosystem matrix (e2e/apps.spec.ts): the packed package installed, each app checked, built, served, and
    // under `vite`. Only when the run includes that spec (it costs about a minute).
    if (mode !== 'none' && wantsApps()) {
      const names = appNames();
      if (mode === 'build') {
        installPackedPortcullis();
        process.env[APPS_ENV] = JSON.stringify(await buildApps(names) satisfies Record<string, AppOutcome>);
      }
      const csp = await appCsp();
      for (const name of names) {
        const dist = path.join(ROOT, 'e2e/apps', name, 'dist');
        if (existsSync(path.join(dist, 'index.html'))) await serve(`app:${name}`, dist, csp);
      }
      const started = Date.now();
      const devServers = await Promise.allSettled(names.map((name) => startAppDevServer(name)));
      devServers.forEach((result, i) => {
        if (result.status === 'fulfilled') {
          servers.push(result.value);
          urls[`app-dev:${names[i]}`] = result.value.url;
        } else console.log(String(result.reason));
      });
      console.log(`[e2e] apps: ${devServers.filter((r) => r.status === 'fulfilled').length} dev servers answering after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    await teardown();
    throw error;
  }

  process.env[SITES_ENV] = JSON.stringify(urls);
  console.log(`[e2e] serving ${Object.entries(urls).map(([site, url]) => `${site}=${url}`).join(' ')}`);
  return teardown;
}

/**
 * PORTCULLIS_E2E_BUILD: unset or 'build' builds both variants first (the default, and what CI does); 'reuse' serves
 * the builds already in playground/dist*, e2e/corpus/dist and e2e/apps/<name>/dist; 'none' serves the harness fixtures only
 * (for work on the harness itself). PORTCULLIS_E2E_APPS_RUN=skip leaves the ecosystem matrix out.
 */
function buildMode(): 'build' | 'reuse' | 'none' {
  const mode = process.env.PORTCULLIS_E2E_BUILD || 'build';
  if (mode !== 'build' && mode !== 'reuse' && mode !== 'none') {
    throw new Error(`PORTCULLIS_E2E_BUILD must be 'build', 'reuse' or 'none', not '${mode}'.`);
  }
  return mode;
}

/**
 * Whether this run includes e2e/apps.spec.ts: yes unless PORTCULLIS_E2E_APPS=skip, or the command names spec files
 * and none of them is that one (`npx playwright test e2e/dom.spec.ts` does not pay for the matrix).
 */
function wantsApps(): boolean {
  if (process.env.PORTCULLIS_E2E_APPS_RUN === 'skip') return false;
  const files = process.argv.slice(2).filter((arg) => /\.spec\.ts$|^e2e\/|\.ts$/.test(arg));
  return files.length === 0 || files.some((file) => file.includes('apps'));
}

/** The policy the confined build must be served with is the one vite.config.ts exports, not a copy of it. */
async function appCsp(): Promise<string> {
  const config = (await import(pathToFileURL(path.join(ROOT, 'vite.config.ts')).href)) as { CSP?: unknown };
  if (typeof config.CSP !== 'string' || !config.CSP.includes('script-src')) {
    throw new Error('vite.config.ts must export CSP, the Content-Security-Policy string the confined build is served with.');
  }
  return config.CSP;
}

function requireBuild(dir: string): string {
  return requireDir(path.join(ROOT, dir));
}

function requireDir(full: string): string {
  const dir = path.relative(ROOT, full);
  if (!existsSync(path.join(full, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build it, or unset PORTCULLIS_E2E_BUILD to let the e2e run build it.`);
  }
  return full;
}

/** `vite build` in a child process with its output kept, shown only if it fails. */
async function viteBuild(env: Record<string, string>): Promise<void> {
  const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const label = env.PORTCULLIS === 'off' ? 'PORTCULLIS=off vite build' : 'vite build';
  const started = Date.now();
  const child = spawn(process.execPath, [viteBin, 'build'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`[e2e] ${label} failed (exit ${code}):\n${output}`);
  console.log(`[e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
