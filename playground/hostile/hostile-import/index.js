// hostile-import: loads code the bundler never saw, through a computed dynamic import. THREATS.md row 16.
// Nothing runs at import time.

/** `import()` of a `data:` URL, with the specifier computed at run time. Evidence: the module's default export. */
export async function importDataUrl() {
  const specifier = ['data:text/javascript,export default 1'].join('');
  const loaded = await import(/* @vite-ignore */ specifier);
  return `import('data:…') loaded a module: default export = ${loaded.default}`;
}

/** `import()` of a `blob:` URL made from a string. Evidence: the module's default export. */
export async function importBlobUrl() {
  const blob = new Blob(['export default 2'], { type: 'text/javascript' });
  const url = URL.createObjectURL(blob);
  try {
    const loaded = await import(/* @vite-ignore */ url);
    return `import('blob:…') loaded a module: default export = ${loaded.default}`;
  } finally {
    URL.revokeObjectURL(url);
  }
}
