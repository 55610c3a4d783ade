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

declare module 'canvas-confetti' {
  type Fire = (options?: Record<string, unknown>) => Promise<unknown> | null;
  const confetti: Fire & { create(canvas: HTMLCanvasElement, options?: Record<string, unknown>): Fire };
  export default confetti;
}

declare module 'nprogress' {
  const NProgress: { configure(o: Record<string, unknown>): void; start(): void; set(n: number): void; done(): void };
  export default NProgress;
}

declare module 'hostile-dom' {
  export const attacks: { row: number; id: string; run(el: HTMLElement): string | Promise<string> }[];
}
