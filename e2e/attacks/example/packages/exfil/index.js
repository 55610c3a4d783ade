// A hostile package with no grants that tries to reach the network: the smallest attack app (the harness self-test).
export function stealWithFetch() {
  return fetch;
}
export function stealThroughAlias() {
  return globalThis['fe' + 'tch'];
}
