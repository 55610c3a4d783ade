// The `portcullis` bin, run as a child process (dist/cli/index.js, as npm installs it) against real throwaway apps
// built by real Vite and Rollup: stable output, --check's exit code and review diff, explain, --from-lavamoat, errors.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/index.js');

function makeApp(files: Record<string, string | object>, linked: string[] = []): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  mkdirSync(join(app, 'node_modules/@rollup'), { recursive: true });
  // As `npm install portcullis` would: the package itself, and whatever else the app's config imports.
  symlinkSync(repo, join(app, 'node_modules/portcullis'));
  for (const name of linked) symlinkSync(join(repo, 'node_modules', name), join(app, 'node_modules', name));
  return app;
}

function run(app: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: app, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const widget = (body: string) => ({
  'node_modules/widget/package.json': { name: 'widget', version: '2.0.0', type: 'module', main: 'index.js', dependencies: { dayjs: '*', 'lazy-dep': '*' } },
  'node_modules/widget/index.js': body,
  'node_modules/lazy-dep/package.json': { name: 'lazy-dep', version: '1.0.0', type: 'module', main: 'index.js' },
  'node_modules/lazy-dep/index.js': 'export const answer = 42;\n',
});

const viteApp = () =>
  makeApp(
    {
      'package.json': { name: 'app', private: true, dependencies: { widget: '*', dayjs: '*' } },
      'vite.config.mjs': `import portcullis from 'portcullis';\nexport default { plugins: [portcullis()] };\n`,
      'index.html': '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>',
      'main.js': `import { render } from 'widget';\nrender(document.body);\n`,
      ...widget(`import dayjs from 'dayjs';\nexport function render(el) {\n  if (typeof process !== 'undefined' && process.env.DEBUG) console.log('debug');\n  el.textContent = dayjs(0).toISOString();\n  requestAnimationFrame(() => {});\n}\nexport const later = () => import('lazy-dep');\n`),
    },
    ['dayjs'],
  );

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does).`);
});

describe('portcullis policy', () => {
  it('writes a sorted, stable policy: a second run changes nothing', () => {
    const app = viteApp();
    mkdirSync(join(app, 'dist'));
    writeFileSync(join(app, 'dist/keep.txt'), 'the analysis writes no output');
    const first = run(app, 'policy');
    expect(first.stderr).toMatch(/analysed \d+ modules in [\d.]+ s: 3 packages in the bundle/);
    expect(first.stdout).toContain('wrote portcullis.policy.json (3 packages, 4 grants).');
    const text = readFileSync(join(app, 'portcullis.policy.json'), 'utf8');
    // `process` is only Node's: not a grant. `console` is read in that guard's branch, but a page has it: a grant.
    // The literal dynamic import is a package grant like a static one.
    expect(JSON.parse(text)).toEqual({
      resources: { dayjs: {}, widget: { globals: { 'console.log': true, requestAnimationFrame: true }, packages: { dayjs: true, 'widget>lazy-dep': true } }, 'widget>lazy-dep': {} },
    });
    expect(readFileSync(join(app, 'dist/keep.txt'), 'utf8')).toBe('the analysis writes no output');
    const second = run(app, 'policy');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('portcullis.policy.json is up to date');
    expect(readFileSync(join(app, 'portcullis.policy.json'), 'utf8')).toBe(text);
    expect(run(app, 'policy', '--check').code).toBe(0);
  });

  it('--check writes nothing and exits 1 with the per-package diff and where each new use is', () => {
    const app = viteApp();
    run(app, 'policy');
    const before = readFileSync(join(app, 'portcullis.policy.json'), 'utf8');
    writeFileSync(join(app, 'node_modules/widget/index.js'), `import dayjs from 'dayjs';\nexport function render(el) {\n  el.textContent = dayjs(0).toISOString();\n  fetch('/track?' + document.cookie);\n}\nexport const later = () => import('lazy-dep');\n`);
    const check = run(app, 'policy', '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('portcullis.policy.json is out of date: 1 package changed.');
    // `document.cookie` is not in the attenuated DOM: the real document, whole, with the place that needs it.
    expect(check.stdout).toMatch(/ {2}widget\n {4}- loses global console\.log\n {4}\+ gains global document   <- FULL POWER: the real document[^\n]*\n {8}at node_modules\/widget\/index\.js:4:21\n {4}\+ gains global fetch\n {8}at node_modules\/widget\/index\.js:4:3\n {4}- loses global requestAnimationFrame\n/);
    expect(check.stdout).toContain('Run `portcullis policy` to update it');
    // Full power is said loudly at the end, whatever changed, with the code that needs it (issue 9, point 1).
    expect(check.stdout).toMatch(/Powers to review first[^\n]*\n {2}widget: document — FULL POWER: the real document[^\n]*\n {8}at node_modules\/widget\/index\.js:4:21\n/);
    expect(readFileSync(join(app, 'portcullis.policy.json'), 'utf8')).toBe(before);
    // explain says it first, before the grants.
    expect(run(app, 'explain', 'widget', '--quiet').stdout).not.toContain('FULL POWER');
    run(app, 'policy', '--quiet');
    expect(run(app, 'explain', 'widget', '--quiet').stdout.split('\n')[1]).toMatch(/^ {2}!! document: FULL POWER: the real document/);
  });

  it('--check says so when the file is missing, and explains a malformed one', () => {
    const app = viteApp();
    expect(run(app, 'policy', '--check')).toMatchObject({ code: 1, stdout: expect.stringContaining('portcullis.policy.json does not exist. Run `portcullis policy`') });
    writeFileSync(join(app, 'portcullis.policy.json'), '{"resources": {"widget": {"globals": {"fetch": 1}}}}');
    expect(run(app, 'policy', '--check').stdout).toMatch(/not a valid policy: .*resources\["widget"\]\.globals\["fetch"\]: expected true, false or "write"/);
  });

  it('analyses a Rollup config with --rollup', () => {
    const app = makeApp(
      {
        'package.json': { name: 'app', private: true, dependencies: { qs: '*' } },
        'rollup.config.mjs': `import nodeResolve from '@rollup/plugin-node-resolve';\nimport commonjs from '@rollup/plugin-commonjs';\nimport portcullis from 'portcullis';\n` +
          `export default { input: 'main.js', output: { dir: 'dist', format: 'es' }, plugins: [nodeResolve({ browser: true }), commonjs(), portcullis()] };\n`,
        'main.js': `import qs from 'qs';\nconsole.log(qs.stringify({ a: 1 }));\n`,
      },
      ['qs', '@rollup/plugin-node-resolve', '@rollup/plugin-commonjs'],
    );
    const result = run(app, 'policy', '--rollup');
    expect(result.code).toBe(0);
    expect(existsSync(join(app, 'dist'))).toBe(false); // the analysis writes no output
    const policy = JSON.parse(readFileSync(join(app, 'portcullis.policy.json'), 'utf8'));
    expect(policy.resources.qs.packages).toMatchObject({ 'qs>side-channel': true });
    expect(policy.resources['qs>side-channel>object-inspect']).toEqual({ globals: { HTMLElement: true } }); // no `global`
    // commonjs() rewrote the module before portcullis() saw it: the location is still the line on disk.
    const source = readFileSync(join(repo, 'node_modules/object-inspect/index.js'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('x instanceof HTMLElement'));
    const column = source[line]!.indexOf('HTMLElement)') + 1;
    expect(run(app, 'explain', 'object-inspect', '--rollup', '--quiet').stdout).toContain(`at node_modules/object-inspect/index.js:${line + 1}:${column}\n`);
  });
});

describe('portcullis explain', () => {
  it('prints the grants with their code, the importers and what the override file adds', () => {
    const app = viteApp();
    run(app, 'policy');
    writeFileSync(join(app, 'portcullis.policy-override.json'), JSON.stringify({ resources: { widget: { globals: { 'navigator.language': true } } } }));
    const result = run(app, 'explain', 'widget', '--quiet');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'widget 2.0.0 (node_modules/widget)',
        '  imported by: the app (main.js)',
        '  policy: portcullis.policy.json + portcullis.policy-override.json',
        '  may use globals:',
        '    console.log',
        '        at node_modules/widget/index.js:3:60',
        '    navigator.language   [override file]',
        '        granted by hand',
        '    requestAnimationFrame',
        '        at node_modules/widget/index.js:5:3',
        '  may import:',
        '    dayjs',
        '        at node_modules/widget/index.js:1:1',
        '    widget>lazy-dep',
        '        at node_modules/widget/index.js:7:28',
        '  feature probes (typeof x, \'x\' in window; not grants): process',
        '  names only Node, workers or AMD have (a page does not; not grants): process',
        '',
      ].join('\n'),
    );
  });

  it('finds a nested package by its last name part, and names the candidates when it cannot', () => {
    const app = viteApp();
    run(app, 'policy');
    expect(run(app, 'explain', 'dayjs', '--quiet').stdout).toContain('imported by: widget');
    const missing = run(app, 'explain', 'day', '--quiet');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no package "day" in the app\'s dependency graph');
    expect(missing.stderr).toContain('Did you mean: dayjs?');
  });
});

describe('portcullis policy --from-lavamoat', () => {
  it('carries over the same names and shape, and lists what it could not carry', () => {
    const app = viteApp();
    writeFileSync(join(app, 'lavamoat-policy.json'), JSON.stringify({
      resources: {
        widget: { globals: { requestAnimationFrame: true, 'console.log': true, process: true, appState: 'write', 'bad key': true }, packages: { dayjs: true, 'widget>ghost': true }, builtin: { 'fs.readFile': true } },
        'other>dayjs': { globals: { Date: true } },
        leftpad: {},
      },
      resolutions: {},
    }));
    const result = run(app, 'policy', '--from-lavamoat', 'lavamoat-policy.json', '--quiet');
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(app, 'portcullis.policy.json'), 'utf8'))).toEqual({
      resources: {
        dayjs: { globals: { Date: true } },
        widget: { globals: { appState: 'write', 'console.log': true, requestAnimationFrame: true }, packages: { dayjs: true } },
        'widget>lazy-dep': {},
      },
    });
    for (const note of [
      'resolutions: top-level key not carried over',
      'resources["widget"].globals["process"]: only Node, workers or AMD have "process", a page does not: not carried over',
      'resources["widget"].globals["bad key"]: not a global name or dotted path: not carried over',
      'resources["widget"].packages: "widget>ghost" is not in this app\'s dependency graph: not carried over',
      'resources["widget"].builtin: Node built-in modules (fs.readFile) do not exist in a browser: not carried over',
      'resources["other>dayjs"]: "other>dayjs" is "dayjs" in this app\'s dependency graph: renamed',
      'resources["leftpad"]: "leftpad" is not in this app\'s dependency graph: not carried over',
      '1 package is in this build with no LavaMoat entry and gets an empty one (no globals, no packages): widget>lazy-dep',
    ]) expect(result.stdout).toContain(`  - ${note}`);
  });
});

describe('errors and help', () => {
  it('names the directory or file and says what to do', () => {
    const empty = makeApp({ 'package.json': { name: 'app' }, 'rollup.config.mjs': 'export default {};' });
    expect(run(empty, 'policy')).toMatchObject({ code: 2, stderr: expect.stringMatching(/no vite\.config\.\* in .*portcullis-cli-.*There is a rollup\.config\.mjs: add --rollup\. \(PORTCULLIS_CONFIG_NOT_FOUND\)/) });
    const noPlugin = makeApp({ 'package.json': { name: 'app' }, 'vite.config.mjs': 'export default {};', 'index.html': '<html></html>' });
    expect(run(noPlugin, 'policy').stderr).toMatch(/vite\.config\.mjs does not use portcullis\(\): add .* \(PORTCULLIS_CONFIG_NO_PLUGIN\)/);
    expect(run(noPlugin, 'policy', '--chek').stderr).toMatch(/Unknown option '--chek'\. See `portcullis policy --help`\. \(PORTCULLIS_CLI_USAGE\)/);
    expect(run(noPlugin, 'polcy').stderr).toMatch(/unknown command "polcy"/);
  });

  it('has --help for the bin and each command', () => {
    expect(run(tmpdir(), '--help').stdout).toContain('portcullis explain <package>');
    expect(run(tmpdir(), 'policy', '--help').stdout).toContain('--from-lavamoat <file>');
    expect(run(tmpdir(), 'explain', '--help').stdout).toContain('Usage: portcullis explain <package>');
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
