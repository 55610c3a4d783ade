// App-side recorder for the attack apps (this is app code: it is not confined, so it can compare what an attack got
// with the real window, document or network). Each attack runs once; its outcome goes to globalThis.__attackResults,
// and `body[data-attacks-done]` tells the spec that every attack has settled.
const results = {};
const pending = [];
globalThis.__attackResults = results;

/**
 * Runs one attack. `run` is called by the app (usually it calls into the hostile package); `reached(value)` decides,
 * in the app's unconfined realm, whether what it returned (or resolved to) is the real power it was after.
 * @param {string} id
 * @param {() => unknown} run
 * @param {(value: unknown) => boolean | Promise<boolean>} [reached] default: the attack returned `true`
 */
export function attack(id, run, reached = (value) => value === true) {
  const settle = (async () => {
    try {
      const value = await run();
      const ok = await reached(value);
      results[id] = { outcome: ok ? 'reached' : 'failed', errorName: null, detail: describe(value) };
    } catch (error) {
      results[id] = { outcome: 'failed', errorName: error?.name ?? typeof error, detail: String(error?.message ?? error) };
    }
  })();
  pending.push(settle);
  return settle;
}

/** Call once every attack is registered (after awaiting anything asynchronous the app set up). */
export async function done() {
  await Promise.all(pending);
  document.body.dataset.attacksDone = 'true';
}

/**
 * Wraps `run` (an attack's step) so that the elements the app appended to `container` while it ran are removed
 * after it, however it ends: the app's page is as before for the next attack.
 * @param {Element} container
 * @param {() => unknown} run
 */
export function cleaning(container, run) {
  return async () => {
    const before = new Set(container.children);
    try {
      return await run();
    } finally {
      for (const el of [...container.children]) if (!before.has(el)) el.remove();
    }
  };
}

/** Resolves after `ms` (for attacks that wait on a timer, an event or the network). */
export const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(value) {
  try {
    if (value === globalThis) return '[the real window]';
    if (value === document) return '[the real document]';
    return typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
  } catch {
    return '[unprintable]';
  }
}
