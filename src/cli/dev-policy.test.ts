// One policy for build and dev (issue 12, point 5): `portcullis policy` also analyses the development builds that
// `vite` pre-bundles, writes what only they need into portcullis.policy.dev.json, and a build never reads that file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { developmentOnly } from '../policy/development.js';
import { loadPolicy } from '../policy/load.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/index.js');

/** React's shape: the entry picks the production or the development build by process.env.NODE_ENV. */
const DEV_TASK = `exports.go = function () { console.createTask('go').run(function () {}); performance.mark('go'); return setTimeout(function () {}, 0); };\n`;
function makeApp(dev = DEV_TASK): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-devpolicy-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', private: true, dependencies: { devlib: '*' } }),
    'vite.config.mjs': `import portcullis from 'portcullis';\nexport default { plugins: [portcullis()] };\n`,
    'index.html': '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>',
    'main.js': `import { go } from 'devlib';\ngo();\n`,
    'node_modules/devlib/package.json': JSON.stringify({ name: 'devlib', version: '1.0.0', main: 'index.js' }),
    'node_modules/devlib/index.js': `'use strict';\nif (process.env.NODE_ENV === 'production') module.exports = require('./prod.js');\nelse module.exports = require('./dev.js');\n`,
    'node_modules/devlib/prod.js': `exports.go = function () { return setTimeout(function () {}, 0); };\n`,
    'node_modules/devlib/dev.js': dev,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), content);
  }
  symlinkSync(repo, join(app, 'node_modules/portcullis'));
  return app;
}

function run(app: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: app, encoding: 'utf8', env: { ...process.env, CI: '1', NODE_ENV: '' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does).`);
});

describe('development-only grants', () => {
  it('go to their own file, stable, and --check covers both files', () => {
    const app = makeApp();
    const first = run(app, 'policy', '--quiet');
    expect(first.code).toBe(0);
    expect(json(join(app, 'portcullis.policy.json')).resources.devlib).toEqual({ globals: { setTimeout: true } });
    expect(json(join(app, 'portcullis.policy.dev.json'))).toEqual({ resources: { devlib: { globals: { 'console.createTask': true, 'performance.mark': true } } } });
    expect(first.stdout).toContain('wrote portcullis.policy.dev.json (1 package, 2 grants) (grants only `vite` needs');
    const texts = ['portcullis.policy.json', 'portcullis.policy.dev.json'].map((f) => readFileSync(join(app, f), 'utf8'));
    const second = run(app, 'policy', '--quiet');
    expect(second.stdout).toContain('portcullis.policy.json is up to date');
    expect(second.stdout).toContain('portcullis.policy.dev.json is up to date');
    expect(['portcullis.policy.json', 'portcullis.policy.dev.json'].map((f) => readFileSync(join(app, f), 'utf8'))).toEqual(texts);
    expect(run(app, 'policy', '--check', '--quiet').code).toBe(0);

    writeFileSync(join(app, 'node_modules/devlib/dev.js'), DEV_TASK.replace("performance.mark('go');", "performance.mark('go'); performance.measure('go');"));
    const check = run(app, 'policy', '--check', '--quiet');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/portcullis\.policy\.dev\.json is out of date: 1 package changed\.\n\n {2}devlib\n {4}\+ gains global performance\.measure\n {8}at node_modules\/devlib\/dev\.js:1:/);
    expect(check.stdout).toContain('portcullis.policy.json is up to date');
  }, 120_000);

  it('never widen the production build: its runtime config leaves them out, the dev server merges them in', () => {
    const app = makeApp();
    expect(run(app, 'policy', '--quiet').code).toBe(0);
    // A hand-made development grant too: whatever the file holds, the build does not read it.
    const devFile = join(app, 'portcullis.policy.dev.json');
    const dev = json(devFile);
    dev.resources.devlib.globals.fetch = true;
    writeFileSync(devFile, JSON.stringify(dev));
    const build = spawnSync(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_ENV: '' } });
    expect(build.status, build.stderr).toBe(0);
    const assets = join(app, 'dist/assets');
    const runtime = readFileSync(join(assets, readdirSync(assets).find((f) => f.startsWith('portcullis-runtime-'))!), 'utf8');
    expect(runtime).toContain('"devlib":{"globals":{"setTimeout":true}');
    for (const name of ['createTask', 'performance.mark', '"fetch":true']) expect(runtime).not.toContain(name);
    // What `vite` loads (src/dev/server.ts): the same files plus the development one.
    const files = { policyFile: join(app, 'portcullis.policy.json'), overrideFile: join(app, 'portcullis.policy-override.json') };
    expect(loadPolicy(files).resources.devlib).toEqual({ globals: { setTimeout: true } });
    expect(loadPolicy({ ...files, developmentFile: devFile }).resources.devlib!.globals).toEqual({
      setTimeout: true, 'console.createTask': true, 'performance.mark': true, fetch: true,
    });
  }, 120_000);
});

describe('a package only development code reaches', () => {
  // pinia's shape: its entry imports @vue/devtools-api at the top and calls it only when NODE_ENV is not production,
  // so the build transforms the devtools packages, then leaves them out (sideEffects: false); @vue/devtools-shared's
  // top level probes `typeof target.chrome` (Chromium has `chrome`: a violation there without the quiet false).
  it('has its top-level code in the development file; its functions are taken as uncalled, as the build left them out', () => {
    const app = makeApp();
    const files: Record<string, string> = {
      'main.js': `import { go } from 'devlib';\ngo();\n`,
      'node_modules/devlib/package.json': JSON.stringify({ name: 'devlib', version: '1.0.0', type: 'module', main: 'index.js', dependencies: { devtool: '*' } }),
      'node_modules/devlib/index.js': `import { hook } from 'devtool';\nexport function go() { if (process.env.NODE_ENV !== 'production') hook(); return setTimeout(() => {}, 0); }\n`,
      'node_modules/devtool/package.json': JSON.stringify({ name: 'devtool', version: '1.0.0', type: 'module', main: 'index.js', sideEffects: false }),
      'node_modules/devtool/index.js': `var target = typeof window !== 'undefined' ? window : {};\nexport var inPanel = typeof target.chrome !== 'undefined' && !!target.chrome.devtools;\nexport function hook() { return target.__DEVTOOL_HOOK__ || fetch('/hook'); }\n`,
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), content);
    }
    const result = run(app, 'policy', '--quiet');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(json(join(app, 'portcullis.policy.json')).resources['devlib>devtool']).toEqual({});
    expect(json(join(app, 'portcullis.policy.dev.json')).resources['devlib>devtool']).toEqual({ globals: { chrome: false } });
  }, 120_000);
});

describe('developmentOnly', () => {
  it('keeps what production lacks: new names, a wider value, new imports, packages only dev has; a granted prefix covers', () => {
    expect(developmentOnly(
      { resources: { a: { globals: { console: true, x: false, 'performance.now': true }, packages: { b: true } } } },
      { resources: {
        a: { globals: { 'console.createTask': true, x: true, performance: false, top: false }, packages: { b: true, c: true } },
        'a>dev-only': { globals: { fetch: true } },
      } },
    )).toEqual({ resources: { a: { globals: { x: true, top: false }, packages: { c: true } }, 'a>dev-only': { globals: { fetch: true } } } });
  });
});
