// When the runtime script may be deferred (runtime-asset.ts, canDeferRuntime): only when no script of the page can
// run before it. Threat: a dependency's code running before lockdown() (it could poison the intrinsics the runtime
// then captures) through a script that runs before a deferred runtime.
import { describe, expect, it } from 'vitest';
import { canDeferRuntime } from './runtime-asset.js';

const page = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><p>x</p></body></html>`;

describe('canDeferRuntime', () => {
  it('defers when every script is a module script (Vite\'s own output) or a data block', () => {
    expect(canDeferRuntime(page('<script type="module" crossorigin src="/assets/index.js"></script>'))).toBe(true);
    expect(canDeferRuntime(page(`<script type='module'>import './a.js'</script><script type="importmap">{}</script><script type="application/ld+json">{}</script>`))).toBe(true);
    expect(canDeferRuntime(page('<script defer src="/x.js"></script><script type=module src=/m.js></script>'))).toBe(true);
    expect(canDeferRuntime(page(''))).toBe(true);
  });

  it('stays synchronous when a script could run before it: classic, async, async module, unknown shape', () => {
    expect(canDeferRuntime(page('<script src="/legacy.js"></script>'))).toBe(false);
    expect(canDeferRuntime(page('<script>import("/assets/dep.js")</script>'))).toBe(false);
    expect(canDeferRuntime(page('<script type="text/javascript" src="/x.js"></script>'))).toBe(false);
    expect(canDeferRuntime(page('<script async src="/analytics.js"></script>'))).toBe(false);
    expect(canDeferRuntime(page('<script defer async src="/x.js"></script>'))).toBe(false);
    expect(canDeferRuntime(page('<script type="module" async src="/m.js"></script>'))).toBe(false);
    expect(canDeferRuntime(page('<SCRIPT TYPE="MODULE" ASYNC SRC="/m.js"></SCRIPT>'))).toBe(false);
    expect(canDeferRuntime(page('<script type="text/x-unknown">x</script>'))).toBe(false);
    // Attribute values that only look like the words: `data-defer`, a type inside another attribute.
    expect(canDeferRuntime(page('<script data-defer src="/x.js"></script>'))).toBe(false);
    expect(canDeferRuntime(page('<script data-x="type=module" src="/x.js"></script>'))).toBe(false);
    // A tag the pattern cannot read whole.
    expect(canDeferRuntime(page('<script\n'))).toBe(false);
  });
});
