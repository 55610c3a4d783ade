// Invariant 2 (DESIGN.md, "The boundary") for worker bundles (THREATS.md row 52, build side). Vite bundles
// `new Worker(new URL('./w.js', import.meta.url))` and `import W from './w.js?worker'` in a separate build that runs
// only `worker.plugins`, never the app's plugins: package code there would run unconfined, in a realm with its own
// `fetch`, `importScripts` and `indexedDB`. Portcullis does not confine worker bundles (no runtime runs first in a
// worker), so it refuses them: this plugin joins every worker build and fails it when any module of a package is in
// the bundle, whether the package creates the worker or the app's own worker imports the package. Workers made only of
// the app's own code build as before. blob: and data: workers are refused at run time (the Worker grant).
import type { PluginOption, Plugin as VitePlugin, UserConfig } from 'vite';
import type { PackageGraph } from './attribution.js';
import { PortcullisBuildError } from './errors.js';
import { createEvaluationGuard } from './build-time-eval.js';

type WorkerPlugins = NonNullable<NonNullable<UserConfig['worker']>['plugins']>;

/** The plugin Portcullis adds to every worker build. */
export function workerAuditPlugin(graph: () => PackageGraph | undefined): VitePlugin {
  // A worker's own `new Worker(new URL(…), options)` is evaluated in this build too, before the audit below.
  const beforeViteEvaluates = createEvaluationGuard(graph);
  return {
    name: 'portcullis:worker-audit',
    load(id) {
      try {
        beforeViteEvaluates(id);
      } catch (error) {
        if (error instanceof PortcullisBuildError) this.error({ message: error.message, code: error.code });
        throw error;
      }
      return null;
    },
    renderChunk: {
      order: 'post',
      handler(_code, chunk) {
        const g = graph();
        if (!g) return null;
        const problems: string[] = [];
        for (const [id, info] of Object.entries(chunk.modules)) {
          if (!info.code?.trim()) continue;
          const owner = g.attribute(id);
          if (owner.kind !== 'package') continue;
          problems.push(
            `${g.displayPath(id)} (package "${owner.name}") is bundled into the worker ${chunk.fileName}, which Vite builds without ` +
              'Portcullis: it would run unconfined, with the worker\'s own fetch and storage. Keep package code out of workers ' +
              '(move the work to the page, where the package is confined)',
          );
        }
        if (problems.length) {
          const error = new PortcullisBuildError('PORTCULLIS_WORKER_UNCONFINED', problems.join('\n'));
          this.error({ message: error.message, code: error.code });
        }
        return null;
      },
    },
  };
}

/** Config for Vite's `config` hook: the app's own worker plugins, then the audit. */
export function workerConfig(config: UserConfig, graph: () => PackageGraph | undefined): UserConfig {
  const own = config.worker?.plugins as WorkerPlugins | PluginOption[] | undefined;
  // Vite flattens nested arrays and promises of plugins.
  return { worker: { plugins: () => [typeof own === 'function' ? own() : (own ?? []), workerAuditPlugin(graph)] } };
}
