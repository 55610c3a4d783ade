// Builds one attack app of e2e/attacks/<name>/ (see e2e/attacks/README.md) in one variant: `vite build` without
// Portcullis (`plain`, into dist-plain) or with it (`confined`, Portcullis from the repository's built dist/, into
// dist), or plain Rollup 4 (node-resolve, commonjs) without it (`rollup-plain`, into dist-rollup-plain) or with it
// (`rollup-confined`, into dist-rollup). Run as a child process by global-setup.ts:
//   node e2e/harness/build-attack-app.mjs e2e/attacks/host confined
// Its local packages (packages/<pkg>/) are linked into the app's node_modules first, as an install would, and the
// recorder e2e/attacks/lib/attack.js is copied to src/harness/attack.js.
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import { build } from 'vite';

const OUT_DIRS = { plain: 'dist-plain', confined: 'dist', 'rollup-plain': 'dist-rollup-plain', 'rollup-confined': 'dist-rollup' };
const [appArg, variant] = process.argv.slice(2);
if (!appArg || !Object.hasOwn(OUT_DIRS, variant)) {
  console.error(`usage: node e2e/harness/build-attack-app.mjs <app dir> ${Object.keys(OUT_DIRS).join('|')}`);
  process.exit(2);
}
const app = path.resolve(appArg);
const repo = path.resolve(import.meta.dirname, '../..');

linkPackages(app);
// The app-side recorder is app code: it must sit inside the app (a file outside it would belong to the repository).
mkdirSync(path.join(app, 'src/harness'), { recursive: true });
// Both variants build side by side: a copy in place would let one read the file the other has just truncated (a build
// then sees a module without exports). Written once, whole, by a rename.
const recorder = readFileSync(path.join(repo, 'e2e/attacks/lib/attack.js'), 'utf8');
const recorderCopy = path.join(app, 'src/harness/attack.js');
if (!existsSync(recorderCopy) || readFileSync(recorderCopy, 'utf8') !== recorder) {
  writeFileSync(`${recorderCopy}.${process.pid}.tmp`, recorder);
  renameSync(`${recorderCopy}.${process.pid}.tmp`, recorderCopy);
}
// A Rollup user runs Rollup in the app's folder: the plugin finds the policy relative to the working directory.
if (variant.startsWith('rollup')) process.chdir(app);
const plugins = [];
if (variant.endsWith('confined')) {
  const { default: portcullis } = await import(pathToFileURL(path.join(repo, 'dist/plugin/index.js')).href);
  const optionsFile = path.join(app, 'portcullis.options.json');
  const options = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  plugins.push(portcullis(options));
}
if (variant.startsWith('rollup')) await rollupBuild(path.join(app, OUT_DIRS[variant]));
else await build({ root: app, configFile: false, logLevel: 'warn', plugins, build: { outDir: OUT_DIRS[variant], emptyOutDir: true, minify: false } });

/**
 * What a Rollup user does (README, "The same object works as a Rollup 4 plugin"): node-resolve and commonjs first,
 * Rollup run in the app's folder, and a page written by hand that loads the emitted `portcullis-runtime.js` with a
 * classic `<script src>` as its first script, then the bundle as a module. Here that page is the Vite app's
 * index.html with its entry pointed at the bundle; public/ is copied as a static server would serve it.
 */
async function rollupBuild(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const bundle = await rollup({ input: 'src/main.js', plugins: [nodeResolve({ browser: true }), commonjs(), extractCss(), ...plugins] });
  await bundle.write({ dir: outDir, format: 'es' });
  await bundle.close();
  const page = readFileSync(path.join(app, 'index.html'), 'utf8');
  let html = page.replace(/(<script type="module" src=")\.\/src\/main\.js(")/, '$1./main.js$2');
  if (html === page) throw new Error(`${appArg}/index.html: no <script type="module" src="./src/main.js"> to point at the bundle`);
  if (variant === 'rollup-confined') html = html.replace(/<head>/, '<head><script src="./portcullis-runtime.js"></script>');
  if (existsSync(path.join(outDir, 'style.css'))) html = html.replace(/<\/head>/, '<link rel="stylesheet" href="./style.css"></head>');
  writeFileSync(path.join(outDir, 'index.html'), html);
  if (existsSync(path.join(app, 'public'))) cpSync(path.join(app, 'public'), outDir, { recursive: true });
}

/** What rollup-plugin-postcss's `extract` does, in a few lines: the CSS modules import goes to one linked stylesheet. */
function extractCss() {
  const sheets = new Map();
  return {
    name: 'extract-css',
    transform(code, id) {
      if (!id.endsWith('.css')) return null;
      sheets.set(id, code);
      return { code: 'export {};', map: null };
    },
    generateBundle() {
      if (sheets.size) this.emitFile({ type: 'asset', fileName: 'style.css', source: [...sheets.values()].join('\n') });
    },
  };
}

/** node_modules/<pkg> → ../packages/<pkg> for every local package (scoped names as `@scope__name` folders). */
function linkPackages(dir) {
  const packages = path.join(dir, 'packages');
  if (!existsSync(packages)) return;
  for (const folder of readdirSync(packages)) {
    const { name } = JSON.parse(readFileSync(path.join(packages, folder, 'package.json'), 'utf8'));
    const link = path.join(dir, 'node_modules', name);
    const target = path.relative(path.dirname(link), path.join(packages, folder));
    mkdirSync(path.dirname(link), { recursive: true });
    // Both variants build side by side: a link the other one made already is fine.
    if (existsSync(link) && lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) continue;
    rmSync(link, { recursive: true, force: true });
    try {
      symlinkSync(target, link, 'dir');
    } catch (error) {
      if (error.code !== 'EEXIST' || readlinkSync(link) !== target) throw error;
    }
  }
}
