// One WebKitWebDriver process per Playwright worker. Playwright cannot drive WebKitGTK itself (it needs its own patched
// WebKit build), so the webkit project talks W3C WebDriver to Debian's WebKitWebDriver instead.
//
// The port comes from the worker's parallelIndex so parallel workers never collide with each other. Another run on the
// same machine (or a driver orphaned by a crashed worker) may still hold that port, so a busy port falls back to a free
// one picked by the OS, and a driver that dies at start is retried on a new port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { webkitDriverPath } from './engines.ts';

export interface WebKitDriver {
  /** Base URL of the driver, e.g. http://127.0.0.1:4444 */
  url: string;
  stop(): Promise<void>;
}

const BASE_PORT = Number(process.env.PORTCULLIS_WEBDRIVER_PORT || 4444);
const START_TIMEOUT_MS = 15_000;

export async function startWebKitDriver(parallelIndex: number): Promise<WebKitDriver> {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error('WebKitGTK needs a display: run the e2e suite under `xvfb-run -a npx playwright test`.');
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const wanted = BASE_PORT + parallelIndex;
    const port = attempt === 0 && (await isFree(wanted)) ? wanted : await freePort();
    try {
      return await launch(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(port: number): Promise<WebKitDriver> {
  const child = spawn(webkitDriverPath(), [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep only the tail of the driver's output: enough to explain a failed start, bounded for long runs.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(child, url);
  } catch (error) {
    await kill(child);
    throw new Error(`WebKitWebDriver did not start on port ${port}: ${(error as Error).message}\n${tail}`);
  }
  return { url, stop: () => kill(child) };
}

async function waitReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    try {
      const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1000) });
      const body = (await response.json()) as { value?: { ready?: boolean } };
      if (body.value?.ready) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ready /status within ${START_TIMEOUT_MS} ms`);
}

/** Ends the driver we started (by its own handle, never by name), escalating if it ignores SIGTERM. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
