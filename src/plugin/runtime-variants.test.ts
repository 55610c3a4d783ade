// The runtime script comes in two builds (scripts/build.mjs): with the DOM layer, and without it for a policy where no
// package has a `dom` section. The choice follows the policy, and a page without the layer confines as before.
import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { needsDomLayer, runtimeScript } from './runtime-asset.js';
import { createRealm, thrown } from './test-realm.js';

const config = (resources: RuntimeConfig['resources']): RuntimeConfig => ({ mode: 'enforce', overrideFile: 'o.json', resources });
const withDom = config({ widget: { globals: {}, dom: { create: ['div'], events: ['click'] } }, util: { globals: { setTimeout: true } } });
const withoutDom = config({ util: { globals: { setTimeout: true } } });
// A message only src/dom/facade.ts has.
const DOM_LAYER_MARKER = 'grant() takes a real element';

describe('the runtime script without the DOM layer', () => {
  it('is chosen only when no package has a dom section', () => {
    expect(needsDomLayer(withDom)).toBe(true);
    expect(needsDomLayer(withoutDom)).toBe(false);
    expect(runtimeScript(withDom)).toContain(DOM_LAYER_MARKER);
    expect(runtimeScript(withoutDom)).not.toContain(DOM_LAYER_MARKER);
    expect(runtimeScript(withoutDom).length).toBeLessThan(runtimeScript(withDom).length * 0.7);
  });

  it('confines packages as the full runtime does: grants, denials, no DOM grant to give', async () => {
    for (const resources of [withoutDom.resources, withDom.resources]) {
      const realm = await createRealm(resources);
      const { exports } = await realm.load(`export const run = () => { setTimeout(() => {}); return fetch('/x'); };`, 'util');
      expect(thrown(() => (exports.run as () => unknown)())).toMatchObject({ name: 'PortcullisPolicyError', message: expect.stringMatching(/fetch/) });
      expect(realm.calls).toEqual(['setTimeout']);
      expect(thrown(() => realm.run(`__portcullis__.grant('util', {})`))).toMatchObject({ message: expect.stringMatching(/has no dom section/) });
    }
  });
});
