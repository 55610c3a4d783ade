// Intrinsics that an engine may or may not have (Float16Array, Iterator, SharedArrayBuffer without cross-origin
// isolation, WeakRef, ...), which SES does not put on every compartment's global. The transform rewrites them (so a
// module never looks them up on the real global, where an app's polyfill could stand in), and the runtime gives each
// package the engine's own, captured when it starts, before any app code ran, or nothing where the engine lacks one.
export const ENGINE_DEPENDENT_INTRINSICS: readonly string[] = [
  'Float16Array', 'Iterator', 'SharedArrayBuffer', 'Atomics', 'WeakRef', 'FinalizationRegistry', 'AggregateError',
];
