// The app's imports of a dom-mode package go through a per-package membrane module, so that a real element the app
// passes (`widget.mount(el)`) reaches the package as its wrapper, and the package's wrappers come back as real
// nodes (see src/dom/membrane.ts). Only the app's own imports are routed: imports between confined packages are
// not a way into the real DOM.
export const MEMBRANE_ID = '\0portcullis-membrane:';

/**
 * `\0portcullis-membrane:<package>|<real module id>`. In `vite dev` the id travels in a URL (Vite turns only the
 * leading \0 into `__x00__`; Firefox cuts a URL at a NUL): `|` is URL-safe there and never in a package name.
 */
export function membraneId(pkg: string, realId: string): string {
  return `${MEMBRANE_ID}${pkg}|${realId}`;
}

export function parseMembraneId(id: string): { pkg: string; realId: string } | undefined {
  if (!id.startsWith(MEMBRANE_ID)) return undefined;
  const rest = id.slice(MEMBRANE_ID.length);
  const split = rest.indexOf('|');
  return split === -1 ? undefined : { pkg: rest.slice(0, split), realId: rest.slice(split + 1) };
}

/** Re-exports each export of the real module, converted for the app (exports become snapshots: no live bindings). */
export function membraneModule(pkg: string, realId: string, exportNames: readonly string[]): string {
  const lines = [
    `import * as real from ${JSON.stringify(realId)};`,
    `const membrane = globalThis.__portcullis__.membrane(${JSON.stringify(pkg)});`,
  ];
  const names = exportNames.length ? exportNames : ['default'];
  for (const name of names) {
    if (name === '*') continue;
    const value = `membrane.toApp(real[${JSON.stringify(name)}])`;
    if (name === 'default') lines.push(`export default ${value};`);
    else if (/^[A-Za-z_$][\w$]*$/.test(name)) lines.push(`export const ${name} = ${value};`);
  }
  return lines.join('\n');
}
