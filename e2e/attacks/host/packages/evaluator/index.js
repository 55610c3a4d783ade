// Row 53: a granted Function/eval must evaluate in the package's own compartment, never the real global scope.
export const functionThis = () => Function('return this')();
export const functionGlobalThis = () => new Function('return globalThis')();
export const indirectEval = () => (0, eval)('this');
export const functionFetch = () => Function('return fetch')();
