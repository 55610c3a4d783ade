// The app relaying a dom-mode package's value to a package it imports (vue-admin: `app.use(pinia)` hands pinia's
// object to vue, and pinia's `useStore()` gets it back from vue's `inject()`, an import between packages that no
// membrane sees). Before the peers rule vue held the app's stand-in, so pinia worked on its own object through it:
// its `_s` Map was a fresh copy at every read, the store it registered was lost and `useStore()` returned undefined.
import { describe, expect, it } from 'vitest';
import { createAppMembrane } from './app-membrane.js';
import { createShallowMembrane } from './app-membrane-shallow.js';
import { testIntrinsics } from './test-intrinsics.js';

class FakeNode {
  nodeType = 1;
}

function deep() {
  return createAppMembrane({
    intrinsics: testIntrinsics(),
    isHostObject: (v) => v instanceof FakeNode,
    hostToPackage: () => ({ wrapper: true }),
    wrapperToApp: () => undefined,
    refuse: (what, label) => {
      throw new Error(`refused ${what} (${label})`);
    },
  });
}

/** vue, reduced to what pinia uses: an app object with provide/use, and inject (module state, as in Vue). */
function vuePackage() {
  const provides = new Map<unknown, unknown>();
  const app = {
    provide(key: unknown, value: unknown) {
      provides.set(key, value);
    },
    use(plugin: { install(a: unknown): void }) {
      plugin.install(app);
      return app;
    },
  };
  return { createApp: () => app, inject: (key: unknown) => provides.get(key) };
}

/** pinia, reduced: its object holds a Map of stores, and useStore finds the object through vue's inject. */
function piniaPackage(vue: ReturnType<typeof vuePackage>) {
  const KEY = Symbol('pinia');
  const createPinia = () => {
    const pinia = {
      _s: new Map<string, object>(),
      install(app: { provide(k: unknown, v: unknown): void }) {
        app.provide(KEY, pinia);
      },
    };
    return pinia;
  };
  const useStore = (id: string) => {
    const pinia = vue.inject(KEY) as { _s: Map<string, object> };
    if (!pinia._s.has(id)) pinia._s.set(id, { id, open: 0 });
    return pinia._s.get(id);
  };
  return { KEY, createPinia, useStore };
}

/** Both packages as the app imports them (each export through its membrane), pinia in dom mode. */
function app(piniaImportsVue: boolean) {
  const vue = vuePackage();
  const pinia = piniaPackage(vue);
  const piniaSide = deep();
  const peer = { valueOf: piniaSide.packageValueOf, standInOf: piniaSide.appStandInOf };
  const vueSide = createShallowMembrane({
    intrinsics: testIntrinsics(),
    isHostObject: (v) => v instanceof FakeNode,
    refuseHost: () => {
      throw new Error('refused');
    },
    peers: piniaImportsVue ? peer : undefined,
  });
  return {
    createApp: vueSide.toApp(vue.createApp, 'createApp') as typeof vue.createApp,
    inject: vueSide.toApp(vue.inject, 'inject') as typeof vue.inject,
    createPinia: piniaSide.toApp(pinia.createPinia, 'createPinia') as typeof pinia.createPinia,
    useStore: piniaSide.toApp(pinia.useStore, 'useStore') as typeof pinia.useStore,
    KEY: pinia.KEY,
  };
}

describe('the app relaying a dom-mode package’s value to a package it imports', () => {
  it('that package gets the value itself, so the dom-mode package never works on its own stand-in', () => {
    const a = app(true);
    const pinia = a.createPinia();
    a.createApp().use(pinia);
    const store = a.useStore('tasks') as { id: string; open: number } | undefined;
    expect(store).toEqual({ id: 'tasks', open: 0 });
    expect(a.useStore('tasks')).toBe(store);
  });

  it('the value coming back to the app is the stand-in the app holds', () => {
    const a = app(true);
    const pinia = a.createPinia();
    a.createApp().use(pinia);
    expect(a.inject(a.KEY)).toBe(pinia);
  });

  it('a package the dom-mode one does not import still gets the app’s stand-in', () => {
    const a = app(false);
    const pinia = a.createPinia();
    a.createApp().use(pinia);
    // The stand-in reached pinia again through vue: what it registers in its Map through it is lost (the deep
    // membrane's copy of a Map at each crossing), which is why the rule above exists.
    expect(a.useStore('tasks')).toBeUndefined();
  });
});
