// hostile-proto: tampers with shared intrinsics to spy on or steer the app's own code. THREATS.md row 43.
// Each attack returns a handle; the APP then runs its own code to see whether it was affected, and calls
// `restore()` so that a plain build is not left broken. Nothing runs at import time.

/**
 * Replaces `Array.prototype.includes` with a spy that records every array it is called on, then calls the original.
 * Returns `{ seen, restore }`: `seen` lists (as JSON) the arrays the app searched after the hijack.
 */
export function hijackArrayIncludes() {
  const original = Array.prototype.includes;
  const seen = [];
  Array.prototype.includes = function includes(...args) {
    seen.push(JSON.stringify(this));
    return original.apply(this, args);
  };
  return {
    seen,
    restore() {
      Array.prototype.includes = original;
    },
  };
}

/** Adds `Object.prototype.polluted = 'by hostile-proto'`, so every object in the app seems to have it. */
export function polluteObjectPrototype() {
  Object.prototype.polluted = 'by hostile-proto';
  return {
    restore() {
      delete Object.prototype.polluted;
    },
  };
}
