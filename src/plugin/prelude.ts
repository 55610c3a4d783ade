// The module every confined module of a package imports first (`import { compartment } from 'portcullis:prelude/<pkg>'`):
// it hands the module its package's compartment global, bare-name and assignment views, and the run-time import check,
// from the registry the runtime script set up before any module ran.
import { RUNTIME_MISSING_MESSAGE } from './errors.js';

/** The specifier the transform writes, and the id it resolves to (virtual: `\0`). */
export const PRELUDE = 'portcullis:prelude/';
export const PRELUDE_ID = '\0portcullis-prelude:';

export function preludeModule(pkg: string): string {
  const name = JSON.stringify(pkg);
  return [
    `function registry() {`,
    `  const r = globalThis.__portcullis__;`,
    `  if (!r) throw new Error(${JSON.stringify(RUNTIME_MISSING_MESSAGE)});`,
    `  return r;`,
    `}`,
    `export function compartment(module) { return registry().compartment(${name}, module); }`,
    `export function names(module) { return registry().names(${name}, module); }`,
    `export function assignments(module) { return registry().assignments(${name}, module); }`,
    `export function checkImport(module, specifier) { return registry().checkImport(${name}, module, specifier); }`,
  ].join('\n');
}
