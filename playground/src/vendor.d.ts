// qs ships no types and @types/qs is not installed; this is the part the playground uses.
declare module 'qs' {
  const qs: {
    stringify(value: unknown, options?: { encodeValuesOnly?: boolean }): string;
    parse(query: string): Record<string, unknown>;
  };
  export default qs;
}

// lodash-es ships no types and @types/lodash-es is not installed.
declare module 'lodash-es' {
  export function chunk<T>(array: readonly T[], size?: number): T[][];
  export function debounce<A extends unknown[]>(fn: (...args: A) => unknown, wait?: number): (...args: A) => void;
}
