// A real `vite` dev server on a small app: real pre-bundled packages (nanoid as ESM, qs as CommonJS with its own
// CommonJS tree, so one pre-bundled file mixes many packages) and a linked local package outside node_modules. The
// page's side is played by calling the dev server's HMR listeners directly, as Vite's WebSocket would.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createLogger, createServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import portcullis from '../plugin/index.js';
import { PackageGraph } from '../plugin/attribution.js';
import { DEV_EVENT, type DevState } from '../shared/dev-protocol.js';
import { IMPORTS_ASSET, optimizerCacheKey } from './optimizer.js';

const repoModules = resolve(import.meta.dirname, '../../node_modules');
const LEAKY = [
  '// A linked package (file:), served by the dev server module by module.',
  'export function leak() {',
  "  return fetch('/exfil');",
  '}',
].join('\n');

function write(file: string, content: string | object): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

function makeApp(): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-dev-'));
  write(join(app, 'package.json'), { name: 'dev-app', private: true, dependencies: { nanoid: '*', qs: '*', envy: '*', leaky: 'file:local/leaky', starry: 'file:local/starry', domlib: '*', domkit: '*' } });
  write(join(app, 'index.html'), '<!doctype html><html><head><title>t</title><script type="module" src="/main.js"></script></head><body></body></html>');
  write(join(app, 'main.js'), "import { nanoid } from 'nanoid';\nimport qs from 'qs';\nimport envy from 'envy';\nimport { leak } from 'leaky';\nimport { twice, count } from 'starry';\nimport { mount } from 'domlib';\nimport { tag } from 'domkit';\nexport const id = nanoid();\nexport const q = qs.stringify({ a: 1 });\nexport { envy, leak, twice, count, mount, tag };\n");
  // CommonJS reading what bundlers define (React does this): Vite's optimizer replaces it after the transform.
  write(join(app, 'node_modules/envy/package.json'), { name: 'envy', version: '1.0.0', main: 'index.js' });
  write(join(app, 'node_modules/envy/index.js'), "module.exports = process.env.NODE_ENV === 'production' ? 'prod' : 'dev, ' + typeof fetch;");
  write(join(app, 'local/leaky/package.json'), { name: 'leaky', version: '1.0.0', type: 'module', main: 'index.js' });
  write(join(app, 'local/leaky/index.js'), LEAKY);
  // A dom-mode package, pre-bundled.
  write(join(app, 'node_modules/domlib/package.json'), { name: 'domlib', version: '1.0.0', type: 'module', main: 'index.js', dependencies: { domkit: '*' } });
  write(join(app, 'node_modules/domlib/index.js'), "import { tag } from 'domkit';\nexport function mount(el) { el.append(document.createElement(tag)); }\n");
  // A package the dom-mode one imports and the app imports too (vue for pinia), pre-bundled.
  write(join(app, 'node_modules/domkit/package.json'), { name: 'domkit', version: '1.0.0', type: 'module', main: 'index.js' });
  write(join(app, 'node_modules/domkit/index.js'), "export const tag = 'div';\n");
  // Served as it is too: names behind an `export *`, and a live binding of its own.
  write(join(app, 'local/starry/package.json'), { name: 'starry', version: '1.0.0', type: 'module', main: 'index.js' });
  write(join(app, 'local/starry/index.js'), "export * from './impl.js';\nexport let ready = false;\n");
  write(join(app, 'local/starry/impl.js'), 'export let count = 0;\nexport function twice(x) { count++; return x * 2; }\n');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  // qs's dependencies are hoisted in the repo's node_modules: link them all, as npm would have installed them.
  for (const name of readdirSync(repoModules)) {
    if (['nanoid', 'qs', 'side-channel', 'object-inspect'].includes(name) || /^(side-channel|es-|call-bind|get-|gopd|has-|hasown|function-bind|math-intrinsics|dunder-proto)/.test(name)) {
      symlinkSync(join(repoModules, name), join(app, 'node_modules', name));
    }
  }
  symlinkSync(join(app, 'local/leaky'), join(app, 'node_modules', 'leaky'));
  symlinkSync(join(app, 'local/starry'), join(app, 'node_modules', 'starry'));
  write(join(app, 'portcullis.policy.json'), { resources: { nanoid: { globals: { 'crypto.getRandomValues': true } }, leaky: {}, qs: {}, envy: {}, starry: {}, domlib: { dom: { create: ['div'], events: [] }, packages: { domkit: true } }, domkit: {} } });
  return app;
}

type Listener = (data: unknown, client: { send(event: string, payload?: unknown): void }) => void;

describe('vite dev', () => {
  let app: string;
  let server: ViteDevServer;
  let base: string;
  const listeners = new Map<string, Listener>();
  const sent: unknown[][] = [];
  const warnings: string[] = [];

  /** What a page gets when it says hello: the replayed state. */
  const hello = () => {
    let state: DevState | undefined;
    listeners.get(DEV_EVENT.hello)!({}, { send: (event, payload) => event === DEV_EVENT.state && (state = payload as DevState) });
    return state!;
  };
  // Waits (pre-bundling runs in the background: a cold, loaded CI machine took more than 10 s); on a time-out, what
  // the server logged says why.
  const until = async (check: () => boolean, what: string) => {
    for (const deadline = Date.now() + 40_000; !check(); ) {
      if (Date.now() > deadline) throw new Error(`not true within 40 s: ${what}; the server logged: ${warnings.join('\n') || 'nothing'}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    app = makeApp();
    // Listed before portcullis: records the HMR listeners it registers, and what the server sends to pages.
    const tap: Plugin = {
      name: 'tap',
      configureServer(s) {
        const on = s.ws.on.bind(s.ws);
        s.ws.on = ((event: string, listener: Listener) => {
          listeners.set(event, listener);
          return on(event, listener as never);
        }) as typeof s.ws.on;
        const send = s.ws.send.bind(s.ws);
        s.ws.send = ((...args: unknown[]) => {
          sent.push(args);
          return (send as (...a: unknown[]) => void)(...args);
        }) as typeof s.ws.send;
      },
    };
    const logger = createLogger('warn');
    logger.warn = (message) => void warnings.push(message);
    logger.error = (message) => void warnings.push(message);
    server = await createServer({
      configFile: false,
      root: app,
      // Outside the app: pre-bundled files then belong to no package of the app's graph, which must not matter.
      cacheDir: mkdtempSync(join(tmpdir(), 'portcullis-dev-cache-')),
      logLevel: 'warn',
      customLogger: logger,
      server: { port: 0, host: '127.0.0.1', strictPort: false },
      plugins: [tap, portcullis()],
    });
    await server.listen();
    base = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    // Load the app as a page would, so that the dependencies get pre-bundled.
    expect((await fetch(`${base}/main.js`)).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('puts the runtime script first in <head>, then the dev client, then Vite’s client', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const order = ['/@portcullis/runtime.js', '/@portcullis/client', '/@vite/client'].map((url) => html.indexOf(`src="${url}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html.indexOf('<script')).toBe(order[0]! - '<script '.length);
    const runtime = await fetch(`${base}/@portcullis/runtime.js`);
    expect(runtime.headers.get('cache-control')).toBe('no-store');
    expect(await runtime.text()).toMatch(/PortcullisRuntime\.start\(\{"mode":"enforce".*"crypto\.getRandomValues":true/);
  });

  it('confines pre-bundled packages inside the optimizer, each module under its own package', async () => {
    const deps = join(server.config.cacheDir, 'deps');
    await until(() => existsSync(join(deps, IMPORTS_ASSET)), 'dependencies pre-bundled');
    const qs = readFileSync(join(deps, 'qs.js'), 'utf8');
    // One pre-bundled file, many packages: each CommonJS module gets its own package's compartment.
    for (const pkg of ['qs', 'qs>side-channel>object-inspect', 'qs>side-channel>side-channel-map>get-intrinsic']) {
      expect(qs).toContain(`.compartment(${JSON.stringify(pkg)}, "node_modules/`);
    }
    // ES modules import their package's prelude, which the optimizer resolves and bundles in.
    const nanoid = readFileSync(join(deps, 'nanoid.js'), 'utf8');
    // Bare reads go through the module's names object (bare-names.ts); its unused compartment call is tree-shaken.
    expect(nanoid).toContain('names("nanoid", module)');
    expect(nanoid).toMatch(/names\("node_modules\/nanoid\/index\.browser\.js"\)/);
    expect(readdirSync(deps)).toContain(IMPORTS_ASSET);
    // `process.env.NODE_ENV` is left for the optimizer's define: rewritten, it would throw in the browser.
    const envy = readFileSync(join(deps, 'envy.js'), 'utf8');
    expect(envy).not.toContain('process');
    expect(envy).toContain('module.exports = "dev, " + typeof');
    expect(envy).toContain('.compartment("envy", "node_modules/envy/index.js")');
    const names = (server.config.optimizeDeps.rolldownOptions?.plugins as { name: string }[]).map((p) => p.name);
    expect(names).toContain(`portcullis:optimize-deps-${optimizerCacheKey(new PackageGraph(app))}`);
  });

  it('confines a linked package (not pre-bundled) in the normal transform', async () => {
    const code = await (await fetch(`${base}/local/leaky/index.js`)).text();
    expect(code).toContain('portcullis-prelude:leaky');
    expect(code).toContain('_names.fetch)(');
  });

  it('the membrane module of a linked package keeps the names behind its export *, and their live bindings', async () => {
    const main = await (await fetch(`${base}/main.js`)).text();
    const url = /from "(\/@id\/__x00__portcullis-membrane:starry\|[^"]+)"/.exec(main)?.[1];
    expect(url, main).toBeDefined();
    const membrane = await (await fetch(`${base}${url}`)).text();
    expect(membrane).toMatch(/\$\d+ as twice\b/);
    expect(membrane).toMatch(/\$\d+ as count\b/);
    expect(membrane).toMatch(/let (\$\d+) = membrane\.toApp\(real\["ready"\], "ready"\);\nmembrane\.watch\(\(\) => \{ \1 = /);
  });

  it('routes the app’s imports of pre-bundled packages through their membranes, as the build does', async () => {
    const main = await (await fetch(`${base}/main.js`)).text();
    expect(main).toMatch(/portcullis-membrane:domlib\|[^"]*\/deps\/domlib\.js\?v=\w+\|"/);
    expect(main).toMatch(/portcullis-membrane:domkit\|[^"]*\/deps\/domkit\.js\?v=\w+\|"/);
    expect(main).toMatch(/portcullis-membrane:nanoid\|[^"]*\/deps\/nanoid\.js\?v=\w+\|"/);
  });

  it('checks imports between pre-bundled packages with the build’s rule, against the current policy', async () => {
    await until(() => hello().importProblems.length > 0, 'import problems');
    expect(hello().importProblems.join('\n')).toMatch(/\(package "qs"\) imports "qs>side-channel", which its policy does not grant/);
  });

  it('prints each new violation once, counts every report, replays the list, with the line from the source map', async () => {
    const served = (await (await fetch(`${base}/local/leaky/index.js`)).text()).split('\n');
    const line = served.findIndex((l) => l.includes('.fetch)(')) + 1;
    const column = served[line - 1]!.indexOf('.fetch)(') + 1;
    const violation = { package: 'leaky', api: 'fetch', module: 'local/leaky/index.js', kind: 'read', count: 1 };
    const report = listeners.get(DEV_EVENT.report)!;
    report({ violations: [{ ...violation, frame: { url: `${base}/local/leaky/index.js`, line, column } }] }, { send() {} });
    report({ violations: [{ ...violation, count: 2 }] }, { send() {} });
    await until(() => hello().violations[0]?.line !== undefined, 'line located');
    expect(hello().violations).toEqual([
      { ...violation, count: 3, line: 3, column: expect.any(Number), snippet: '{"resources":{"leaky":{"globals":{"fetch":true}}}}' },
    ]);
    const printed = warnings.filter((w) => w.includes('"leaky" may not use fetch'));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('blocked: "leaky" may not use fetch (local/leaky/index.js:3). To allow, add to portcullis.policy-override.json');
  });

  it('locates a violation in a pre-bundled file with the optimizer’s source map, and names the module when the runtime could not', async () => {
    // The URL a page would import, as the app's module names it.
    await until(() => existsSync(join(server.config.cacheDir, 'deps', IMPORTS_ASSET)), 'dependencies pre-bundled');
    const main = await (await fetch(`${base}/main.js`)).text();
    // (Through nanoid's membrane module, whose id holds the pre-bundled file's path.)
    const url = `/@fs${/portcullis-membrane:nanoid\|([^"|]*\/deps\/nanoid\.js\?v=[0-9a-f]+)\|/.exec(main)![1]!}`;
    const served = (await (await fetch(`${base}${url}`)).text()).split('\n');
    const line = served.findIndex((l) => /\.crypto\b/.test(l)) + 1;
    expect(line).toBeGreaterThan(0);
    const source = readFileSync(join(repoModules, 'nanoid/index.browser.js'), 'utf8').split('\n');
    const violation = { package: 'nanoid', api: 'crypto.subtle', module: '(DOM)', kind: 'read', count: 1 };
    const frame = { url: `${base}${url}`, line, column: served[line - 1]!.search(/\.crypto\b/) + 1 };
    listeners.get(DEV_EVENT.report)!({ violations: [{ ...violation, frame }] }, { send() {} });
    await until(() => hello().violations.some((v) => v.package === 'nanoid' && v.line !== undefined), 'line located');
    const entry = hello().violations.find((v) => v.package === 'nanoid')!;
    expect(entry.module).toBe('node_modules/nanoid/index.browser.js');
    expect(source[entry.line! - 1]).toMatch(/crypto/);
  });

  it('editing the override file rebuilds the runtime script, forgets what it now allows and reloads the page', async () => {
    sent.length = 0;
    // The pre-bundled files do not depend on the policy: an edit must not cost a re-bundle.
    const bundled = readFileSync(join(server.config.cacheDir, 'deps', '_metadata.json'), 'utf8');
    write(join(app, 'portcullis.policy-override.json'), {
      resources: {
        leaky: { globals: { fetch: true } },
        qs: { packages: { 'qs>side-channel': true, 'qs>es-define-property': true } },
      },
    });
    await until(() => sent.some(([p]) => (p as { type?: string }).type === 'full-reload'), 'full reload');
    expect(await (await fetch(`${base}/@portcullis/runtime.js`)).text()).toMatch(/"leaky":\{"globals":\{"fetch":true\}/);
    expect(hello().violations.map((v) => `${v.package} ${v.api}`)).toEqual(['nanoid crypto.subtle']);
    await until(() => !hello().importProblems.some((p) => p.includes('(package "qs") imports')), 'qs import problem gone');
    expect(readFileSync(join(server.config.cacheDir, 'deps', '_metadata.json'), 'utf8')).toBe(bundled);
  });

  it('a policy edit that grants a package the real document (full power) stops routing the app’s imports of it through its membrane', async () => {
    expect(await (await fetch(`${base}/main.js`)).text()).toContain('portcullis-membrane:leaky|');
    sent.length = 0;
    write(join(app, 'portcullis.policy-override.json'), { resources: { leaky: { globals: { document: true } } } });
    await until(() => sent.some(([p]) => (p as { type?: string }).type === 'full-reload'), 'full reload');
    expect(await (await fetch(`${base}/main.js`)).text()).not.toContain('portcullis-membrane:leaky');
  });

  it('editing the reviewed policy file itself reloads the page too', async () => {
    sent.length = 0;
    const file = join(app, 'portcullis.policy.json');
    const policy = JSON.parse(readFileSync(file, 'utf8'));
    policy.resources.envy = { globals: { fetch: true } };
    write(file, policy);
    await until(() => sent.some(([p]) => (p as { type?: string }).type === 'full-reload'), 'full reload');
    expect(await (await fetch(`${base}/@portcullis/runtime.js`)).text()).toMatch(/"envy":\{"globals":\{"fetch":true\}/);
  });

  it('a broken override file keeps the previous policy in force and says why', async () => {
    sent.length = 0;
    const before = await (await fetch(`${base}/@portcullis/runtime.js`)).text();
    write(join(app, 'portcullis.policy-override.json'), '{ "resources": ');
    await until(() => hello().policyError !== undefined, 'policy error');
    expect(hello().policyError).toMatch(/portcullis\.policy-override\.json: not valid JSON/);
    expect(sent.some(([p]) => (p as { type?: string }).type === 'error')).toBe(true);
    expect(sent.some(([p]) => (p as { type?: string }).type === 'full-reload')).toBe(false);
    expect(await (await fetch(`${base}/@portcullis/runtime.js`)).text()).toBe(before);
  });

  it('Clear forgets every violation', async () => {
    listeners.get(DEV_EVENT.report)!({ violations: [{ package: 'qs', api: 'document', module: 'm.js', kind: 'read', count: 1 }] }, { send() {} });
    await until(() => hello().violations.some((v) => v.module === 'm.js'), 'reported');
    listeners.get(DEV_EVENT.clear)!({}, { send() {} });
    expect(hello().violations).toEqual([]);
  });
});
