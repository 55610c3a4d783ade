// Invariant 5, "Semantics are kept", measured: a differential run of the ECMAScript suite's language tests. Each test
// runs three times, each in a fresh realm (node:vm): plain; after SES's lockdown() alone (with the runtime's options);
// and rewritten by the transform, after the Portcullis runtime started with a policy that grants every name the test
// uses. A test runs as package code does once bundled: an ES module (strict), harness included. The rewrite's
// breakage is the tests that pass under lockdown alone and fail rewritten. Rewritten code that keeps a free name the
// real global would resolve (anything but a shared intrinsic) is a leak, counted apart: any leak fails the suite.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import vm from 'node:vm';
import { COMPARTMENT_INTRINSICS, ENGINE_DEPENDENT, EVALUATORS, GLOBAL_ALIASES, SHARED_INTRINSICS } from './globals.js';
import { readModule } from './parse-goal.js';
import { packageRoot } from './runtime-asset.js';
import { confineModule, type ConfineResult } from './transform.js';

/** Where test262 is: $PORTCULLIS_TEST262_DIR, else `shared/test262` beside the repo or any folder above it. */
export function findTest262(): string | undefined {
  if (process.env.PORTCULLIS_TEST262_DIR) return process.env.PORTCULLIS_TEST262_DIR;
  for (let dir = packageRoot(); ; dir = dirname(dir)) {
    const candidate = join(dir, '..', 'shared', 'test262');
    if (existsSync(join(candidate, 'harness', 'assert.js'))) return resolve(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

interface Meta {
  includes: string[];
  flags: string[];
  negative?: { phase: string; type: string };
}

function frontmatter(source: string): Meta {
  const yaml = /\/\*---([\s\S]*?)---\*\//.exec(source)?.[1] ?? '';
  const list = (key: string) => {
    const inline = new RegExp(`^${key}:\\s*\\[(.*)\\]`, 'm').exec(yaml);
    if (inline) return inline[1]!.split(',').map((s) => s.trim()).filter(Boolean);
    const block = new RegExp(`^${key}:\\s*\\n((?:\\s+-.*\\n?)+)`, 'm').exec(yaml);
    return block ? block[1]!.split('\n').map((l) => l.replace(/^\s*-\s*/, '').trim()).filter(Boolean) : [];
  };
  const negative = /^negative:\s*\n\s+phase:\s*(\S+)\s*\n\s+type:\s*(\S+)/m.exec(yaml) ?? /^negative:\s*\n\s+type:\s*(\S+)\s*\n\s+phase:\s*(\S+)/m.exec(yaml);
  const neg = negative ? (yaml.includes(`phase: ${negative[1]}`) ? { phase: negative[1]!, type: negative[2]! } : { phase: negative[2]!, type: negative[1]! }) : undefined;
  return { includes: list('includes'), flags: list('flags'), negative: neg };
}

export type Outcome = { pass: true } | { pass: false; why: string };
export interface TestResult {
  file: string;
  plain: Outcome;
  lockdown: Outcome;
  rewrite: Outcome;
  /** Free names the rewritten module keeps that the real global would resolve. */
  leaks: string[];
}

const LOCKDOWN_OPTIONS = { overrideTaming: 'severe', consoleTaming: 'unsafe', errorTaming: 'unsafe', stackFiltering: 'verbose' };
const HOST = `Object.defineProperty(globalThis, '__prints', { value: [] });
  globalThis.print = (message) => { globalThis.__prints.push(String(message)); };`;

let compiled: { ses: vm.Script; runtime: vm.Script } | undefined;
function scripts() {
  if (compiled) return compiled;
  const sesDir = dirname(createRequire(import.meta.url).resolve('ses/package.json'));
  const runtime = readFileSync(join(packageRoot(), 'dist', 'runtime', 'portcullis-runtime.js'), 'utf8');
  compiled = {
    ses: new vm.Script(readFileSync(join(sesDir, 'dist', 'ses.umd.min.js'), 'utf8'), { filename: 'ses.js' }),
    runtime: new vm.Script(`${runtime}\nObject.defineProperty(globalThis, '__start', { value: PortcullisRuntime.start, configurable: true });`, { filename: 'portcullis-runtime.js' }),
  };
  return compiled;
}

function realm(kind: 'plain' | 'lockdown' | 'rewrite', resources?: object): vm.Context {
  const context = vm.createContext({});
  vm.runInContext(HOST, context);
  if (kind === 'plain') return context;
  scripts().ses.runInContext(context);
  if (kind === 'lockdown') {
    vm.runInContext(`lockdown(${JSON.stringify(LOCKDOWN_OPTIONS)})`, context);
    return context;
  }
  scripts().runtime.runInContext(context);
  vm.runInContext(`__start(${JSON.stringify({ mode: 'enforce', overrideFile: 'portcullis.policy-override.json', resources })}); delete globalThis.__start;`, context);
  return context;
}

async function evaluate(code: string, context: vm.Context, meta: Meta): Promise<Outcome> {
  let mod: vm.SourceTextModule;
  try {
    // import() never settles: the suite's module-graph tests are out of scope (all three runs alike), and a rejected
    // import() nobody awaits would surface as an unhandled rejection of this process.
    mod = new vm.SourceTextModule(code, { context, importModuleDynamically: (() => new Promise(() => {})) as never });
  } catch (error) {
    return expectError(meta, 'parse', error);
  }
  try {
    await mod.link(() => {
      throw new Error('imports are not run');
    });
    await mod.evaluate({ timeout: 5000 });
  } catch (error) {
    return expectError(meta, 'runtime', error);
  }
  if (meta.flags.includes('async')) {
    const prints = vm.runInContext('__prints', context) as string[];
    const seen = prints.length;
    const finished = () => prints.slice(seen).find((p) => p.startsWith('Test262:Async'));
    for (let i = 0; i < 20 && !finished(); i++) await new Promise((r) => setImmediate(r));
    const done = finished();
    if (done !== 'Test262:AsyncTestComplete') return { pass: false, why: done ?? 'async test never finished' };
  }
  return meta.negative ? { pass: false, why: `expected ${meta.negative.type} (${meta.negative.phase})` } : { pass: true };
}

function expectError(meta: Meta, phase: 'parse' | 'runtime', error: unknown): Outcome {
  const e = error as { name?: string; message?: string; constructor?: { name?: string } };
  const name = e?.constructor?.name ?? e?.name ?? typeof error;
  if (meta.negative && meta.negative.phase === phase && (name === meta.negative.type || e?.name === meta.negative.type)) return { pass: true };
  return { pass: false, why: `${phase}: ${e?.name ?? name}: ${String(e?.message ?? error).slice(0, 160)}` };
}

/** The free references of a module; none when it does not parse as one (then the run itself reports the error). */
function freeNames(code: string, id: string) {
  try {
    return readModule(code, id).scopes.globalScope!.through;
  } catch {
    return [];
  }
}

/** Free names of the rewritten module that would resolve on the real global: a leak of the rewrite. */
function leaks(code: string): string[] {
  const found = new Set<string>();
  for (const ref of freeNames(code, 'rewritten.js')) {
    const { name, range } = ref.identifier as unknown as { name: string; range: [number, number] };
    if (SHARED_INTRINSICS.has(name) && !ENGINE_DEPENDENT.has(name) && !ref.isWrite()) continue;
    if (name === 'globalThis' && code.startsWith('["__portcullis__"]', range[1])) continue; // the prelude's one look-up
    found.add(name);
  }
  return [...found];
}

let realmGlobals: Set<string> | undefined;
/** What the policy may grant: the names a locked-down realm's global has (a grant of anything else reads nothing). */
function grantable(): Set<string> {
  return (realmGlobals ??= new Set(vm.runInContext('Object.getOwnPropertyNames(globalThis)', realm('lockdown')) as string[]));
}

interface Prepared {
  rel: string;
  meta: Meta;
  code: string;
  /** The rewritten module, or the outcome when the build refused it. */
  rewritten: { code: string; globals: Record<string, true | 'write'>; leaks: string[] } | Outcome;
}

function prepare(root: string, file: string): Prepared | undefined {
  const source = readFileSync(file, 'utf8');
  const meta = frontmatter(source);
  // Package code is strict module code: sloppy-only tests, raw tests and module-graph tests do not apply.
  if (meta.flags.includes('noStrict') || meta.flags.includes('raw') || meta.negative?.phase === 'resolution') return undefined;
  if (meta.flags.includes('module') && /\bimport\b[^(]|\bimport\(/.test(source.replace(/\/\*---[\s\S]*?---\*\//, ''))) return undefined;
  const includes = ['assert.js', 'sta.js', ...(meta.flags.includes('async') ? ['doneprintHandle.js'] : []), ...meta.includes];
  const harness = includes.map((name) => readFileSync(join(root, 'harness', name), 'utf8')).join('\n');
  const code = `${harness}\n${source}`;
  const rel = relative(root, file);
  let result: ConfineResult;
  try {
    result = confineModule({ code, id: rel, packageName: rel, moduleName: rel, prelude: { kind: 'inline' } });
  } catch (error) {
    const message = (error as Error).message;
    const refused: Outcome = /PORTCULLIS_PARSE_ERROR/.test(message) && meta.negative?.phase === 'parse' ? { pass: true } : { pass: false, why: `build: ${message.replace(/^.*?: /, '').slice(0, 160)}` };
    return { rel, meta, code, rewritten: refused };
  }
  // Every free name of the test that the realm's global has (the recorded uses leave out some, `(0, eval)`).
  const globals: Record<string, true | 'write'> = {};
  const names = grantable();
  for (const ref of freeNames(code, rel)) {
    const name = ref.identifier.name;
    // As the generator does: intrinsics every compartment has need no grant, except the evaluators.
    if (GLOBAL_ALIASES.has(name) || !names.has(name) || SHARED_INTRINSICS.has(name) || (COMPARTMENT_INTRINSICS.has(name) && !EVALUATORS.has(name))) continue;
    globals[name] = ref.isWrite() || globals[name] === 'write' ? 'write' : true;
  }
  return { rel, meta, code, rewritten: { code: result.code ?? code, globals, leaks: result.code ? leaks(result.code) : [] } };
}

/**
 * Runs a batch of tests. Plain runs get a fresh realm each; the lockdown-only and the rewritten runs share one realm
 * per batch (lockdown costs ~100 ms a realm): each test is its own package there, with its own compartment, as
 * packages of one app are, and both kinds of run see the same tests in the same order.
 */
export async function runBatch(root: string, files: string[]): Promise<TestResult[]> {
  const prepared = files.map((file) => prepare(root, file)).filter((p): p is Prepared => p !== undefined);
  const resources: Record<string, { globals: Record<string, true | 'write'> }> = {};
  for (const p of prepared) if ('code' in p.rewritten) resources[p.rel] = { globals: p.rewritten.globals };
  const locked = realm('lockdown');
  const rewriteRealm = realm('rewrite', resources);
  const results: TestResult[] = [];
  for (const p of prepared) {
    const plain = await evaluate(p.code, realm('plain'), p.meta);
    const lockdown = await evaluate(p.code, locked, p.meta);
    const rewrite = 'code' in p.rewritten ? await evaluate(p.rewritten.code, rewriteRealm, p.meta) : p.rewritten;
    results.push({ file: p.rel, plain, lockdown, rewrite, leaks: 'code' in p.rewritten ? p.rewritten.leaks : [] });
  }
  return results;
}

/** The language tests, sorted; every `step`-th one from `offset` (a fixed, stated sample). */
export function languageTests(root: string, step = 1, offset = 0): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.js') && !entry.includes('_FIXTURE')) files.push(path);
    }
  };
  walk(join(root, 'test', 'language'));
  return files.filter((_, i) => i % step === offset);
}

export interface Summary {
  runs: number;
  plainPass: number;
  lockdownPass: number;
  /** Pass under lockdown alone, fail rewritten. */
  broken: TestResult[];
  leaked: TestResult[];
}

export function summarize(results: TestResult[]): Summary {
  const ran = results.filter((r) => r !== undefined);
  return {
    runs: ran.length,
    plainPass: ran.filter((r) => r.plain.pass).length,
    lockdownPass: ran.filter((r) => r.lockdown.pass).length,
    broken: ran.filter((r) => r.lockdown.pass && !r.rewrite.pass),
    leaked: ran.filter((r) => r.leaks.length > 0),
  };
}

/** Breakage grouped by cause (the failure message with names and numbers blurred), most frequent first. */
export function causes(broken: TestResult[]): [string, number, string][] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const r of broken) {
    const why = r.rewrite.pass ? '' : r.rewrite.why;
    const key = why.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '…').replace(/\d+/g, 'N').slice(0, 110);
    const group = groups.get(key) ?? { count: 0, example: r.file };
    group.count++;
    groups.set(key, group);
  }
  return [...groups].map(([k, g]) => [k, g.count, g.example] as [string, number, string]).sort((a, b) => b[1] - a[1]);
}
