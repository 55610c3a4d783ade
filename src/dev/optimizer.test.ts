// The pre-bundling cache key: Vite's optimizer reuses its cache while the plugin names stay the same, so the name
// must change exactly when the rewritten modules would.
import { describe, expect, it } from 'vitest';
import type { PackageGraph } from '../plugin/attribution.js';
import { optimizerCacheKey, optimizerPlugin } from './optimizer.js';

const graph = (appDir: string, names: [string, string][]) => ({ appDir, nameOfDir: new Map(names) }) as unknown as PackageGraph;

describe('the optimizer plugin name', () => {
  it('changes with the app’s package graph (canonical names, where the app is), not otherwise', () => {
    const base = optimizerCacheKey(graph('/app', [['/app/node_modules/qs', 'qs'], ['/app/node_modules/side-channel', 'qs>side-channel']]));
    expect(optimizerCacheKey(graph('/app', [['/app/node_modules/side-channel', 'qs>side-channel'], ['/app/node_modules/qs', 'qs']]))).toBe(base);
    // side-channel became a direct dependency: its modules now name another compartment.
    expect(optimizerCacheKey(graph('/app', [['/app/node_modules/qs', 'qs'], ['/app/node_modules/side-channel', 'side-channel']]))).not.toBe(base);
    expect(optimizerCacheKey(graph('/other', [['/app/node_modules/qs', 'qs'], ['/app/node_modules/side-channel', 'qs>side-channel']]))).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{12}$/);
  });

  it('is read when Vite asks for it, once the app root is known', () => {
    let key = 'first';
    const plugin = optimizerPlugin({ main: () => ({ name: 'main' }), key: () => key, isAppModule: () => false });
    expect(plugin.name).toBe('portcullis:optimize-deps-first');
    key = 'second';
    expect(plugin.name).toBe('portcullis:optimize-deps-second');
  });
});
