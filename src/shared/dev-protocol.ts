// What the dev client (browser) and the dev server (Node) say to each other over Vite's HMR channel
// (`import.meta.hot.send` / `server.ws.on`). Everything the client sends is untrusted input to the server: the
// strings come from what hostile packages touched.

/** Event names on Vite's HMR channel. */
export const DEV_EVENT = {
  /** client → server: new violations since the last report (ReportMessage). */
  report: 'portcullis:report',
  /** client → server: a page started; the server answers with the state (replay). */
  hello: 'portcullis:hello',
  /** client → server: forget every violation so far (the overlay's Clear button). */
  clear: 'portcullis:clear',
  /** server → client: everything known so far (DevState). */
  state: 'portcullis:state',
} as const;

/** Where the dev server serves the runtime script (a classic script, first in <head>). */
export const DEV_RUNTIME_PATH = '/@portcullis/runtime.js';
/** The dev client's module URL (root code, not confined: it subscribes to the registry and draws the overlay). */
export const DEV_CLIENT_PATH = '/@portcullis/client';

export type ViolationKind = 'read' | 'write' | 'call' | 'import' | 'dom' | 'crossing';

/** Where in the served code a violation happened, from the stack the client saw when the runtime reported it. */
export interface StackFrame {
  url: string;
  line: number;
  column: number;
}

/** One violation as a page reports it: the runtime's record, how many new times, and the first frame seen. */
export interface ReportedViolation {
  package: string;
  api: string;
  module: string;
  kind: ViolationKind;
  /** Occurrences since this page's previous report. */
  count: number;
  /** The runtime's fix: a policy fragment, or why no grant can allow it. */
  snippet?: string;
  frame?: StackFrame;
}

export interface ReportMessage {
  violations: ReportedViolation[];
}

/** One line of the overlay: a distinct (package, API, module, kind), with everything counted across page loads. */
export interface OverlayEntry {
  package: string;
  api: string;
  module: string;
  kind: ViolationKind;
  /** The line in the module's original source, when the stack and the source map told it. */
  line?: number;
  column?: number;
  count: number;
  /** A policy fragment that would allow it, to paste into the override file; '' when none can. */
  snippet: string;
  /** Why no policy fragment is offered, when snippet is ''. */
  note?: string;
}

export interface DevState {
  mode: 'enforce' | 'report';
  /** The override file, relative to the app root: where snippets go. */
  overrideFile: string;
  violations: OverlayEntry[];
  /** Imports between packages that the policy does not grant: `vite build` fails with these messages. */
  importProblems: string[];
  /** The policy or override file cannot be used (the previous one stays in force until it is fixed). */
  policyError?: string;
}
