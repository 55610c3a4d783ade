// A small static file server for built apps and e2e fixtures.
//
// Why not `vite preview`: the e2e suite must control the exact response headers (the confined build WITH the
// Content-Security-Policy, the plain build WITHOUT it) and must not fall back to index.html for missing files, which
// would hide a broken asset path. It also serves e2e fixtures that are not a Vite app at all.
//
// Bounded on purpose: listens on 127.0.0.1 only, serves GET/HEAD only, refuses paths outside its root (and dot files),
// caps concurrent connections and request time, and the CLI exits after --ttl seconds so a forgotten server does not
// linger.
//
// Module use: `const server = await startStaticServer({ root, port: 0, csp })`; `server.url`; `await server.close()`.
// CLI use:    `node scripts/serve.mjs --dir playground/dist --port 4173 [--csp "default-src 'self'"] [--ttl 3600]`
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Starts serving `root` on 127.0.0.1.
 * @param {{ root: string, port?: number, csp?: string, mounts?: Record<string, string> }} options
 *   `port` 0 picks a free port; `csp` is sent as the Content-Security-Policy header of every response;
 *   `mounts` maps a URL prefix such as '/vendor/ses/' to another directory (checked like the root).
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startStaticServer({ root, port = 0, csp, mounts = {} }) {
  const roots = [
    ...Object.entries(mounts).map(([prefix, dir]) => ({ prefix, dir: path.resolve(dir) })),
    { prefix: '/', dir: path.resolve(root) },
  ];
  const server = createServer((req, res) => {
    handle(req, res, roots, csp).catch(() => send(res, 500, 'internal error', csp));
  });
  server.maxConnections = 64;
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 1_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections();
    }),
  };
}

/** @typedef {{ prefix: string, dir: string }} Root */

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Root[]} roots the mounts first, then '/', so find() always finds one
 * @param {string | undefined} csp
 */
async function handle(req, res, roots, csp) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', csp);
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return send(res, 400, 'bad request', csp);
  }
  // Dot segments are already resolved by URL; a NUL or a dot file (.env, .git) is never served.
  if (pathname.includes('\0') || pathname.split('/').some((part) => part.startsWith('.'))) {
    return send(res, 404, 'not found', csp);
  }
  const mount = /** @type {Root} */ (roots.find((r) => pathname.startsWith(r.prefix)));
  let file = path.join(mount.dir, pathname.slice(mount.prefix.length));
  if (file !== mount.dir && !file.startsWith(mount.dir + path.sep)) return send(res, 404, 'not found', csp);
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, 'not found', csp);
  res.writeHead(200, {
    ...headers(csp),
    'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** @param {string | undefined} csp */
function headers(csp) {
  // no-store: each test run must see the build it just made, never a cached asset from a previous one.
  /** @type {Record<string, string>} */
  const h = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (csp) h['Content-Security-Policy'] = csp;
  return h;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {string | undefined} csp
 */
function send(res, status, text, csp) {
  res.writeHead(status, { ...headers(csp), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ dir: string, port: number, csp: string | undefined, ttl: number }} */
  const out = { dir: '.', port: 4173, csp: undefined, ttl: 3600 };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--dir') out.dir = value;
    else if (key === '--port') out.port = Number(value);
    else if (key === '--csp') out.csp = value;
    else if (key === '--ttl') out.ttl = Number(value);
    else throw new Error(`unknown option ${key} (use --dir, --port, --csp, --ttl)`);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const server = await startStaticServer({ root: args.dir, port: args.port, csp: args.csp });
  console.log(`serving ${path.resolve(args.dir)} at ${server.url}${args.csp ? ' with CSP' : ''} for ${args.ttl}s`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (args.ttl > 0) setTimeout(stop, args.ttl * 1000).unref();
}
