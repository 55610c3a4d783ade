// Builds one attack app of e2e/attacks/<name>/ (see e2e/attacks/README.md): `plain` (no Portcullis, into dist-plain)
// or `confined` (Portcullis from the repository's built dist/, into dist). Run as a child process by global-setup.ts:
//   node e2e/harness/build-attack-app.mjs e2e/attacks/host confined
// Its local packages (packages/<pkg>/) are linked into the app's node_modules first, as an install would, and the
// recorder e2e/attacks/lib/attack.js is copied to src/harness/attack.js.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const [appArg, variant] = process.argv.slice(2);
if (!appArg || (variant !== 'plain' && variant !== 'confined')) {
  console.error('usage: node e2e/harness/build-attack-app.mjs <app dir> plain|confined');
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
const plugins = [];
if (variant === 'confined') {
  const { default: portcullis } = await import(pathToFileURL(path.join(repo, 'dist/plugin/index.js')).href);
  const optionsFile = path.join(app, 'portcullis.options.json');
  const options = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  plugins.push(portcullis(options));
}
await build({
  root: app,
  configFile: false,
  logLevel: 'warn',
  plugins,
  build: { outDir: variant === 'plain' ? 'dist-plain' : 'dist', emptyOutDir: true, minify: false },
});

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
