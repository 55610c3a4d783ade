// Canonical names come from the dependency graph on disk, never from the name a package declares.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackageGraph } from './attribution.js';

function write(path: string, content: string | object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

function pkg(dir: string, name: string, deps: Record<string, string> = {}, extra: object = {}): void {
  write(join(dir, 'package.json'), { name, version: '1.0.0', dependencies: deps, ...extra });
  write(join(dir, 'index.js'), 'export default 1;');
}

/** app → a, b, local (file:); a → c (nested copy, v1); b → c (hoisted, v2); c@2 declares itself "a" (a squatter). */
function npmLayout(): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-attr-'));
  pkg(app, 'my-app', { a: '1', b: '1', local: 'file:./packages/local' });
  pkg(join(app, 'node_modules/a'), 'a', { c: '1' });
  pkg(join(app, 'node_modules/a/node_modules/c'), 'c');
  pkg(join(app, 'node_modules/b'), 'b', { c: '2' });
  pkg(join(app, 'node_modules/c'), 'a'); // declares the name of another package
  write(join(app, 'node_modules/b/dist/esm/package.json'), { type: 'module' }); // unnamed: not a package boundary
  write(join(app, 'node_modules/b/dist/esm/index.js'), 'export {}');
  pkg(join(app, 'packages/local'), 'local');
  symlinkSync(join(app, 'packages/local'), join(app, 'node_modules/local'));
  pkg(join(app, 'node_modules/stray'), 'stray'); // installed but reachable from nothing
  // Folders with a package.json of their own inside a package (preact/hooks, chart.js/auto, solid-js/web): b's.
  pkg(join(app, 'node_modules/b/hooks'), 'b-hooks');
  pkg(join(app, 'node_modules/b/web'), 'b/web');
  pkg(join(app, 'node_modules/b/build/esm/deep'), 'c'); // even one that claims a graph package's name
  pkg(join(app, 'node_modules/b/node_modules/d'), 'd'); // but a nested node_modules package is a package of its own
  pkg(join(app, 'node_modules/@s/e'), '@s/e');
  write(join(app, 'node_modules/.vite/deps/chunk.js'), 'export {}'); // pre-bundled by the dev server: the app's
  write(join(app, 'src/main.js'), 'export {}');
  return app;
}

describe('PackageGraph', () => {
  it('names packages by shortest dependency path, so nested copies and squatters get their own names', () => {
    const app = npmLayout();
    const graph = new PackageGraph(app);
    expect(graph.attribute(join(app, 'src/main.js'))).toEqual({ kind: 'root' });
    expect(graph.attribute(join(app, 'node_modules/a/index.js'))).toMatchObject({ kind: 'package', name: 'a' });
    expect(graph.attribute(join(app, 'node_modules/a/node_modules/c/index.js'))).toMatchObject({ name: 'a>c' });
    // The hoisted c declares itself "a": it still gets its own path name, never a's grants.
    expect(graph.attribute(join(app, 'node_modules/c/index.js'))).toMatchObject({ name: 'b>c' });
    expect(graph.attribute(join(app, 'node_modules/b/dist/esm/index.js'))).toMatchObject({ name: 'b' });
  });

  it('attributes a folder with its own package.json inside a package to that package', () => {
    const app = npmLayout();
    const graph = new PackageGraph(app);
    expect(graph.attribute(join(app, 'node_modules/b/hooks/index.js'))).toMatchObject({ kind: 'package', name: 'b' });
    expect(graph.attribute(join(app, 'node_modules/b/web/index.js'))).toMatchObject({ kind: 'package', name: 'b' });
    expect(graph.attribute(join(app, 'node_modules/b/build/esm/deep/index.js'))).toMatchObject({ name: 'b' });
    expect(graph.attribute(join(app, 'node_modules/.vite/deps/chunk.js'))).toEqual({ kind: 'root' });
    // Packages of their own that no dependency path reaches stay unknown, nested or scoped.
    expect(() => graph.attribute(join(app, 'node_modules/b/node_modules/d/index.js'))).toThrow(/PORTCULLIS_UNKNOWN_PACKAGE/);
    expect(() => graph.attribute(join(app, 'node_modules/@s/e/index.js'))).toThrow(/node_modules\/@s\/e.*PORTCULLIS_UNKNOWN_PACKAGE/);
  });

  it('attributes a file: package by its real path outside node_modules', () => {
    const app = npmLayout();
    const graph = new PackageGraph(app);
    expect(graph.attribute(join(app, 'packages/local/index.js'))).toMatchObject({ kind: 'package', name: 'local' });
    expect(graph.attribute(join(app, 'node_modules/local/index.js'))).toMatchObject({ kind: 'package', name: 'local' });
  });

  it('treats plugin-made virtual ids as virtual and strips queries and \\0 from ids that wrap real files', () => {
    const app = npmLayout();
    const graph = new PackageGraph(app);
    expect(graph.attribute('\0commonjsHelpers.js')).toEqual({ kind: 'virtual' });
    expect(graph.attribute(`\0${join(app, 'node_modules/a/index.js')}?commonjs-proxy`)).toMatchObject({ name: 'a' });
  });

  it('refuses a package that no dependency path reaches, naming the file and the fix', () => {
    const app = npmLayout();
    const graph = new PackageGraph(app);
    expect(() => graph.attribute(join(app, 'node_modules/stray/index.js'))).toThrow(
      /node_modules\/stray\/index\.js belongs to the package at .*not reachable .*package\.json.*PORTCULLIS_UNKNOWN_PACKAGE/,
    );
  });

  it('follows pnpm\'s symlinked layout through real paths', () => {
    const app = mkdtempSync(join(tmpdir(), 'portcullis-pnpm-'));
    pkg(app, 'my-app', { x: '1' });
    const store = join(app, 'node_modules/.pnpm');
    pkg(join(store, 'x@1.0.0/node_modules/x'), 'x', { y: '1' });
    pkg(join(store, 'y@1.0.0/node_modules/y'), 'y');
    symlinkSync(join(store, 'y@1.0.0/node_modules/y'), join(store, 'x@1.0.0/node_modules/y'));
    symlinkSync(join(store, 'x@1.0.0/node_modules/x'), join(app, 'node_modules/x'));
    const graph = new PackageGraph(app);
    expect(graph.attribute(join(app, 'node_modules/x/index.js'))).toMatchObject({ name: 'x' });
    expect(graph.attribute(join(store, 'y@1.0.0/node_modules/y/index.js'))).toMatchObject({ name: 'x>y' });
  });

  it("refuses Yarn Plug'n'Play at start, naming the file and the fix", () => {
    const app = mkdtempSync(join(tmpdir(), 'portcullis-pnp-'));
    pkg(app, 'my-app', { a: '1' });
    write(join(app, '.pnp.cjs'), '/* yarn */');
    expect(() => new PackageGraph(app)).toThrow(/\.pnp\.cjs uses Yarn Plug'n'Play.*nodeLinker: node-modules.*PORTCULLIS_YARN_PNP/);
    // A leftover .pnp.cjs beside an installed node_modules (the linker was switched) is not PnP.
    pkg(join(app, 'node_modules/a'), 'a');
    expect(new PackageGraph(app).dirOfName.has('a')).toBe(true);
  });
});
