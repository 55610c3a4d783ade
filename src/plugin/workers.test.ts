// Row 52 of THREATS.md, build side: Vite bundles workers without the app's plugins, so package code in a worker
// bundle would run unconfined with the worker's own fetch. Each case first runs the worker bundle of a plain build
// (it reaches the real fetch), then Portcullis refuses the build. blob:/data: workers are refused at run time.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, viteBuild } from './test-builds.js';
import { windowLikeContext } from './test-realm.js';

const workerApp = (main: string, files: Record<string, string> = {}) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': main,
    'portcullis.policy.json': { resources: { pkg: { globals: { Worker: true } } } },
    ...files,
    ...localPackage('pkg', {
      'index.js': `export const start = () => new Worker(new URL('./w.js', import.meta.url), { type: 'module' });
        export { default as Inline } from './w.js?worker';`,
      'helper.js': `export const helper = () => fetch('/from-helper');`,
      'w.js': `fetch('/worker?stolen');`,
    }),
  });

/** Runs each worker bundle Vite emitted (an asset whose name starts with the worker's) and returns what it fetched. */
function runWorkers(files: Record<string, string>, name: string): string[] {
  const calls: string[] = [];
  for (const [file, code] of Object.entries(files)) {
    if (!file.startsWith(`assets/${name}-`) || !file.endsWith('.js')) continue;
    const realm = windowLikeContext();
    vm.runInContext(code, realm.context);
    calls.push(...realm.calls);
  }
  return calls;
}

describe('row 52: worker bundles', () => {
  it('a package\'s own worker (new Worker(new URL(...)), ?worker) runs the real fetch in a plain build, and is refused', async () => {
    const app = workerApp(`export { start, Inline } from 'pkg';`);
    const plain = await viteBuild(app, { portcullis: false });
    expect(runWorkers(plain.files, 'w')).toContain('fetch /worker?stolen');
    await expect(viteBuild(app)).rejects.toThrow(/node_modules\/pkg\/w\.js \(package "pkg"\) is bundled into the worker .*PORTCULLIS_WORKER_UNCONFINED/s);
  });

  it('the app\'s own worker that imports a package is refused; one made of the app\'s code alone builds', async () => {
    const app = workerApp(`export const start = () => new Worker(new URL('./my-worker.js', import.meta.url), { type: 'module' });`, {
      'my-worker.js': `import { helper } from 'pkg/helper.js'; helper();`,
    });
    const plain = await viteBuild(app, { portcullis: false });
    expect(runWorkers(plain.files, 'my-worker')).toContain('fetch /from-helper');
    await expect(viteBuild(app)).rejects.toThrow(/node_modules\/pkg\/helper\.js \(package "pkg"\) is bundled into the worker .*PORTCULLIS_WORKER_UNCONFINED/s);

    const own = workerApp(`export const start = () => new Worker(new URL('./my-worker.js', import.meta.url), { type: 'module' });`, {
      'my-worker.js': `self.postMessage(1);`,
    });
    const built = await viteBuild(own);
    expect(Object.keys(built.files).some((f) => f.startsWith('assets/my-worker-'))).toBe(true);
  });
});
