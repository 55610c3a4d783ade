// The runtime script's bundle: SES from its ES module sources and the Portcullis runtime (tsc's output in `esmDir`)
// in one IIFE, minified once. Used by build.mjs and by runtime-size.mjs (which asks for source maps).
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { minify } from 'vite';

// Only lockdown-shim: it brings lockdown(), harden() and (through lockdown) the Compartment constructor;
// compartment-shim (a Compartment made before lockdown, only to be replaced by lockdown's), assert-shim (a global
// `assert`, which errorTaming 'unsafe' leaves alone) and console-shim (a hook for ses-ava) would add load-time work
// and nothing the runtime uses. SES's modules come first in the entry, so they run before the runtime captures its
// primordials.
//
// Nor SES's module system (Compartment's import, importNow, load and module: 3 KiB gzip). The runtime only uses
// compartments' globals and evaluators; a package that reaches `Compartment` and asks it for modules gets a
// TypeError instead. Everything else in SES is left as it is (src/plugin/runtime-ses.test.ts compares it).
const ENTRY = '\0portcullis-runtime-entry';
const NO_MODULES = '\0portcullis-ses-no-modules';
const refuseModules = [
  `const refuse = () => { throw new TypeError('Portcullis: SES compartment modules are not part of the runtime'); };`,
  `export const load = async () => refuse();`,
  `export const loadNow = refuse;`,
  `export const link = refuse;`,
  `export const getDeferredExports = refuse;`,
].join('\n');

/** @param {{ esmDir: string, sourcemap?: boolean }} options  @returns {Promise<{ code: string, bundled: { code: string, map?: unknown }, map?: unknown }>} */
export async function bundleRuntime({ esmDir, sourcemap = false }) {
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      {
        name: 'portcullis-runtime-entry',
        resolveId(id, importer) {
          if (id === ENTRY || id === NO_MODULES) return id;
          // compartment.js is the one importer of the module system.
          if (importer?.endsWith('/ses/src/compartment.js') && /^\.\/module-(?:load|link|proxy)\.js$/.test(id)) return NO_MODULES;
          return null;
        },
        load(id) {
          if (id === ENTRY) return `import 'ses/lockdown-shim.js';\nexport * from ${JSON.stringify(`${esmDir}/runtime/index.js`)};\n`;
          return id === NO_MODULES ? refuseModules : null;
        },
      },
      // Also the runtime's few browser-side dependencies (css-what, for the DOM's selectors).
      nodeResolve({ browser: true }),
    ],
    // SES's modules are all side effects (shims): keep every one of them.
    treeshake: { moduleSideEffects: (id) => id !== NO_MODULES },
  });
  const { output } = await bundle.generate({ format: 'iife', name: 'PortcullisRuntime', generatedCode: 'es2015', sourcemap });
  await bundle.close();
  // Minified: it is in every page, before anything else.
  const min = await minify('portcullis-runtime.js', output[0].code, { compress: true, mangle: true, sourcemap });
  if (min.errors?.length) throw new Error(`minifying the runtime failed: ${min.errors.map((e) => e.message).join('; ')}`);
  return { code: min.code, map: min.map, bundled: { code: output[0].code, map: output[0].map } };
}
