// The part of Vite's `import.meta.hot` the dev client uses (Vite injects it into every module it serves). Declared
// here so the browser code is type-checked without Vite's or Node's types.
interface ViteHotContext {
  send(event: string, data?: unknown): void;
  on(event: string, callback: (data: never) => void): void;
}

interface ImportMeta {
  readonly hot?: ViteHotContext;
}
