// Which imports cross a membrane module (routing.ts): the app's imports of any package not full power, in the build
// and under `vite` alike (pre-bundled with Vite's `?v=` query), and a full-power package's imports of dom-mode ones.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.js';
import { mayRoute, membraneFor } from './routing.js';

const policy: Policy = {
  resources: {
    chart: { globals: { setTimeout: true } },
    widget: { dom: { create: ['div'], events: [] } },
    framework: { globals: { document: true } },
  },
};
const app = { kind: 'root' } as const;
const pkg = (name: string) => ({ kind: 'package', name }) as const;

describe('routing', () => {
  it('routes the app\'s imports of every package but a full-power one, pre-bundled ones under `vite` too', () => {
    const dep = '/app/node_modules/.vite/deps/chart.js?v=1a2b3c4d';
    expect(membraneFor(policy, app as never, pkg('chart') as never, '/app/node_modules/chart/index.js', false)).toMatch(/chart/);
    expect(membraneFor(policy, app as never, pkg('chart') as never, dep, true)).toMatch(/chart/);
    expect(membraneFor(policy, app as never, pkg('widget') as never, dep.replace('chart', 'widget'), true)).toMatch(/widget/);
    expect(membraneFor(policy, app as never, pkg('framework') as never, dep.replace('chart', 'framework'), true)).toBeNull();
    // A version query in a build is not Vite's dev query: left alone, as are `?url` and CSS.
    expect(membraneFor(policy, app as never, pkg('chart') as never, dep, false)).toBeNull();
    expect(membraneFor(policy, app as never, pkg('chart') as never, '/app/node_modules/chart/a.css', true)).toBeNull();
  });

  it('between packages, routes only a full-power package\'s imports of a dom-mode package', () => {
    expect(mayRoute(policy, pkg('chart') as never)).toBe(false);
    expect(mayRoute(policy, pkg('framework') as never)).toBe(true);
    expect(membraneFor(policy, pkg('framework') as never, pkg('widget') as never, '/app/node_modules/widget/index.js', false)).toMatch(/widget/);
    expect(membraneFor(policy, pkg('framework') as never, pkg('chart') as never, '/app/node_modules/chart/index.js', false)).toBeNull();
  });
});
