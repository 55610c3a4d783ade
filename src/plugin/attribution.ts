// Attributes every module to a canonical package name: the shortest dependency path from the app, joined with `>`
// (LavaMoat's @lavamoat/aa convention). Threat: a same-named package (a typosquat, or a nested copy at another
// version) inheriting another package's grants. Names come from where a package sits in the graph, never from the
// name it declares for itself.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { PortcullisBuildError } from './errors.js';

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export type Attribution =
  | { kind: 'root' }
  | { kind: 'package'; name: string; dir: string }
  | { kind: 'virtual' };

export const ROOT = '$root$';

type Owner = { kind: 'package'; name: string; dir: string } | { kind: 'unknown'; dir: string } | { kind: 'none' };

/** `…/node_modules/x` or `…/node_modules/@scope/x`: where an installer puts a package of its own. */
function isInstalledPackageRoot(dir: string): boolean {
  const parent = dirname(dir);
  if (basename(parent) === 'node_modules') return true;
  return basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules';
}

function readJson(path: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

function realDir(path: string): string {
  try {
    // The native one: one syscall, where the JavaScript realpathSync makes an lstat per path segment.
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

export class PackageGraph {
  /** Real package directory → canonical name. */
  readonly nameOfDir = new Map<string, string>();
  /** Canonical name → real package directory. */
  readonly dirOfName = new Map<string, string>();
  private readonly nearestCache = new Map<string, string | null>();
  private readonly ownerCache = new Map<string, Owner>();

  constructor(readonly appDir: string) {
    this.appDir = realDir(appDir);
    refuseYarnPnp(this.appDir);
    this.walk();
  }

  /** Breadth-first from the app, dependencies sorted by name: the first path to reach a package is its name. */
  private walk(): void {
    const rootJson = readJson(join(this.appDir, 'package.json')) ?? {};
    const queue: { dir: string; name: string; json: PackageJson; isRoot: boolean }[] = [
      { dir: this.appDir, name: '', json: rootJson, isRoot: true },
    ];
    const seen = new Set<string>([this.appDir]);
    while (queue.length) {
      const { dir, name, json, isRoot } = queue.shift()!;
      const deps = new Set([
        ...Object.keys(json.dependencies ?? {}),
        ...Object.keys(json.optionalDependencies ?? {}),
        ...Object.keys(json.peerDependencies ?? {}),
        ...(isRoot ? Object.keys(json.devDependencies ?? {}) : []),
      ]);
      for (const dep of [...deps].sort()) {
        const depDir = this.resolvePackageDir(dep, dir);
        if (!depDir || seen.has(depDir)) continue;
        seen.add(depDir);
        const canonical = name ? `${name}>${dep}` : dep;
        this.nameOfDir.set(depDir, canonical);
        this.dirOfName.set(canonical, depDir);
        queue.push({ dir: depDir, name: canonical, json: readJson(join(depDir, 'package.json')) ?? {}, isRoot: false });
      }
    }
  }

  /** Node's lookup: `<dir>/node_modules/<name>`, then each parent; real paths, so pnpm's links resolve too. */
  private resolvePackageDir(dep: string, fromDir: string): string | undefined {
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', dep);
      if (existsSync(join(candidate, 'package.json'))) return realDir(candidate);
      if (dirname(dir) === dir) return undefined;
    }
  }

  /**
   * The package a directory belongs to: the nearest directory at or above it that is a package of the graph. A folder
   * with its own package.json inside an installed package (`preact/hooks`, `solid-js/web`, `chart.js/auto`, an
   * `exports` subpath's folder) is part of that package, whatever name it declares. The walk stops at the app and at
   * an installed package's root (a folder directly in `node_modules`): a package there that the graph does not have
   * is a package of its own, and unknown.
   */
  private ownerOf(dir: string): Owner {
    const cached = this.ownerCache.get(dir);
    if (cached) return cached;
    let owner: Owner;
    const name = this.nameOfDir.get(dir);
    if (name) owner = { kind: 'package', name, dir };
    else if (dir === this.appDir || dirname(dir) === dir) owner = { kind: 'none' };
    // `node_modules/.vite/deps` and `.cache` have no package.json: tooling's folders, not packages.
    else if (isInstalledPackageRoot(dir) && existsSync(join(dir, 'package.json'))) owner = { kind: 'unknown', dir };
    else owner = this.ownerOf(dirname(dir));
    this.ownerCache.set(dir, owner);
    return owner;
  }

  /** The nearest directory above a file whose package.json has a name (nested `{"type":"module"}` files don't count). */
  private nearestPackageDir(fileDir: string): string | null {
    const cached = this.nearestCache.get(fileDir);
    if (cached !== undefined) return cached;
    let result: string | null = null;
    if (existsSync(join(fileDir, 'package.json')) && readJson(join(fileDir, 'package.json'))?.name) result = fileDir;
    else if (dirname(fileDir) !== fileDir) result = this.nearestPackageDir(dirname(fileDir));
    this.nearestCache.set(fileDir, result);
    return result;
  }

  private readonly attributions = new Map<string, Attribution>();

  /** Cached per id: a build asks about each module many times (every import edge), and each answer costs syscalls. */
  attribute(id: string): Attribution {
    let attribution = this.attributions.get(id);
    if (!attribution) {
      attribution = this.attributeUncached(id);
      // Not a file (yet): ask again next time rather than remember a module as virtual.
      if (attribution.kind !== 'virtual') this.attributions.set(id, attribution);
    }
    return attribution;
  }

  private attributeUncached(id: string): Attribution {
    const file = cleanId(id);
    if (!file || !isFile(file)) {
      if (file) this.refuseInsidePackage(id, file);
      return { kind: 'virtual' };
    }
    const real = realDir(file);
    const owner = this.ownerOf(dirname(real));
    if (owner.kind === 'package') return owner;
    const pkgDir = owner.kind === 'unknown' ? owner.dir : this.nearestPackageDir(dirname(real));
    if (!pkgDir || pkgDir === this.appDir) return { kind: 'root' };
    const insideNodeModules = real.split(sep).includes('node_modules');
    // A named package.json inside the app's own sources (not installed): still the app's code.
    if (!insideNodeModules && !relative(this.appDir, real).startsWith('..')) return { kind: 'root' };
    if (real.includes(`${sep}.pnpm${sep}`)) {
      throw new PortcullisBuildError(
        'PORTCULLIS_UNKNOWN_PACKAGE',
        `${file} is in pnpm's store but its package is not reachable from ${this.appDir}/package.json. ` +
          'Portcullis follows pnpm links through real paths; if this package is a phantom dependency, add it to package.json.',
      );
    }
    throw new PortcullisBuildError(
      'PORTCULLIS_UNKNOWN_PACKAGE',
      `${file} belongs to the package at ${pkgDir}, which is not reachable through the dependencies of ` +
        `${join(this.appDir, 'package.json')}. Add it to that package.json (or the package that uses it) and reinstall.`,
    );
  }

  /**
   * Invariant 2: an id that names no file but lies inside a package's folder is that package's code all the same.
   * Vite keeps a `#fragment` of an `exports`/`main` target in the module's id (`"exports": "./evil.js#x"`) and loads
   * the file without it: read as virtual, the module went untransformed and unaudited, the package's code unconfined
   * (red team s13). No real module needs such an id, so it fails the build rather than being guessed at.
   */
  private refuseInsidePackage(id: string, file: string): void {
    let dir = dirname(file);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const owner = this.ownerOf(realDir(dir));
    if (owner.kind !== 'package' && owner.kind !== 'unknown') return;
    const pkg = owner.kind === 'package' ? `package "${owner.name}"` : `the package at ${owner.dir}`;
    throw new PortcullisBuildError(
      'PORTCULLIS_UNCONFINED_CODE',
      `${this.displayPath(file)} (${pkg}) is a module whose id, ${JSON.stringify(id.replace(/\0/g, '\\0'))}, names no file: ` +
        'Portcullis attributes and confines a module by the file it comes from, so this one would run unconfined. ' +
        'A `#` in a package\'s `exports`, `main` or `browser` field, or in an import of one of its files, does this: remove it',
    );
  }

  /** A short path for messages and the runtime: relative to the app. */
  displayPath(id: string): string {
    const file = cleanId(id) ?? id;
    // Without path.relative (which resolves both paths first, and is asked once per module) when the path is already
    // normal: inside the app, or outside it.
    if (sep === '/' && file.startsWith('/') && !/\/\/|\/\.\.?(?:\/|$)/.test(file)) {
      if (file.startsWith(`${this.appDir}/`)) return file.slice(this.appDir.length + 1);
      const at = file.lastIndexOf('/node_modules/');
      return at === -1 ? file : file.slice(at + 1);
    }
    const rel = relative(this.appDir, file);
    if (!rel.startsWith('..')) return rel.split(sep).join('/');
    // Hoisted above the app (a workspace): `node_modules/<pkg>/...` still says where it is.
    const at = file.lastIndexOf(`${sep}node_modules${sep}`);
    return at === -1 ? file : file.slice(at + 1).split(sep).join('/');
  }
}

/**
 * Yarn Plug'n'Play installs no node_modules: packages stay in zip archives that only its patched resolver reads, so
 * there is no directory to attribute a module to and no graph to walk. Refused at plugin start rather than found out
 * module by module. Detected by the PnP runtime being loaded (`yarn vite build`) or by a `.pnp.cjs` at or above the
 * app with no `node_modules` beside the app's package.json.
 */
function refuseYarnPnp(appDir: string): void {
  let manifest: string | undefined;
  for (let dir = appDir; !manifest; dir = dirname(dir)) {
    manifest = ['.pnp.cjs', '.pnp.js'].map((file) => join(dir, file)).find((file) => existsSync(file));
    if (dirname(dir) === dir) break;
  }
  const running = Boolean((process.versions as Record<string, string | undefined>).pnp);
  if (!running && !(manifest && !existsSync(join(appDir, 'node_modules')))) return;
  throw new PortcullisBuildError(
    'PORTCULLIS_YARN_PNP',
    `${manifest ?? 'This build'} uses Yarn Plug'n'Play, which Portcullis does not support: it attributes every module ` +
      'to its package through the node_modules directory. Add `nodeLinker: node-modules` to .yarnrc.yml and run ' +
      '`yarn install` (npm and pnpm work as they are).',
  );
}

/** Strips the `\0` of plugin-made ids that wrap a real file (`\0/x.js?commonjs-proxy`) and any query. */
export function cleanId(id: string): string | undefined {
  let file = id.startsWith('\0') ? id.slice(1) : id;
  const query = file.indexOf('?');
  if (query !== -1) file = file.slice(0, query);
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) ? file : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false; // no exception object for the common miss
  } catch {
    return false; // ENOTDIR, EACCES, …
  }
}

/** The nearest directory at or above `start` with a package.json: the app's, the root of the dependency graph. */
export function findAppDir(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}
