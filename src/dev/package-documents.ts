// THREATS.md row 57 under `vite dev`: Vite serves any file under its root as it is. A package's HTML page, a script
// Vite does not transform (`.ecma`, which it serves as application/ecmascript), or any file that is a document with
// script (SVG, XML of any name: served-files.ts), framed at the dev server's origin (`new URL('./page.svg', import.meta.url)` handed to the
// app, a dom grant for an iframe) runs that script with the page's full power (`parent.document.cookie`). `vite build`
// refuses to emit the same file (served-files.ts isScriptFile); here the request is answered 403, naming the package.
// The package's JavaScript is not concerned: Vite serves it through the transform, confined.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Connect } from 'vite';
import type { PackageGraph } from '../plugin/attribution.js';
import { isInertName, isScriptFile } from '../plugin/served-files.js';

/** Requests Vite's dev server answers through its transform pipeline (its `isJSRequest` and CSS requests). */
const VITE_TRANSFORMS = /\.(?:[jt]sx?|m[jt]s|vue|marko|svelte|astro|imba|mdx|css|less|sass|scss|styl|stylus|pcss|postcss|sss)$/;

export function packageDocuments(root: () => string, graph: () => PackageGraph, warn: (message: string) => void): Connect.NextHandleFunction {
  return (req, res, next) => {
    const [rawPath, query = ''] = (req.url ?? '').split('#')[0]!.split('?');
    // An import from a module (Vite marks it `?import`) is answered with JavaScript (the file's URL or text); any other
    // query (`?raw`, `?url` typed by hand) still gets the document itself.
    if (/(?:^|&)import(?:[=&]|$)/.test(query)) return next();
    let path: string;
    try {
      path = decodeURIComponent(rawPath!);
    } catch {
      return next();
    }
    // What Vite answers through its transform (JavaScript, CSS: confined or checked), or what no browser renders as a
    // document, needs no look; any other file of a package is served as it is, so it is read (served-files.ts).
    if (VITE_TRANSFORMS.test(path) || !extname(path) || isInertName(path)) return next();
    const file = path.startsWith('/@fs/') ? path.slice('/@fs'.length) : join(root(), path);
    let owner;
    try {
      owner = graph().attribute(file);
    } catch {
      return next(); // (a file outside the graph: Vite's own answer)
    }
    if (owner.kind !== 'package') return next();
    void readFile(file).then(
      (source) => {
        if (!isScriptFile(file, source)) return next();
        const message =
          `${graph().displayPath(file)} (package "${owner.name}") is a script or a document with script, served as it is at the page's origin: ` +
          "loaded by URL (a worker, a frame, a window), it would run with the page's full power. `vite build` refuses to ship it; do not load the package's page by URL (PORTCULLIS_SCRIPT_ASSET)";
        warn(`[portcullis] ${message}`);
        res.statusCode = 403;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(message);
      },
      () => next(),
    );
  };
}
