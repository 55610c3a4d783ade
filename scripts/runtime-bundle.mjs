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
// TypeError instead.
//
// And SES is specialised to the one lockdown the runtime runs (src/runtime/lockdown.ts): modules that only other
// lockdown options reach are stubs that throw, so a change of those options fails at start instead of silently
// differing: the causal console (consoleTaming 'safe') and the rejection trackers (unhandledRejectionTrapping other
// than 'none'). The notes SES's assert keeps per error for that console are not kept. SES's options from
// `process.env` (a Node habit; in a page `process` is absent, or an app's polyfill, which must not choose lockdown's
// options) always take their default. Everything else in SES is left as it is (src/plugin/runtime-ses.test.ts and
// runtime-ses-pinned.test.ts compare it with the shipped build).
const ENTRY = '\0portcullis-runtime-entry';
const refuse = (what) => `() => { throw new TypeError(${JSON.stringify(`Portcullis: ${what}`)}); }`;
const STUBS = {
  '\0portcullis-ses-no-modules': [
    `const refuse = ${refuse('SES compartment modules are not part of the runtime')};`,
    `export const load = async () => refuse();`,
    `export const loadNow = refuse;`,
    `export const link = refuse;`,
    `export const getDeferredExports = refuse;`,
  ].join('\n'),
  '\0portcullis-ses-no-causal-console': `export const makeCausalConsole = ${refuse("the causal console (lockdown's consoleTaming 'safe') is not part of the runtime's SES")};`,
  '\0portcullis-ses-no-rejection-trap': `export const makeRejectionHandlers = ${refuse("unhandled rejection tracking (lockdown's unhandledRejectionTrapping) is not part of the runtime's SES")};`,
  '\0portcullis-ses-env-defaults': `export const getEnvironmentOption = (_name, setting) => setting;`,
  // The notes assert keeps per error (a bounded cache) are read by the causal console only: none are kept.
  '\0portcullis-ses-no-notes': `export const makeNoteLogArgsArrayKit = () => Object.freeze({ addLogArgs() {}, takeLogArgsArray() {} });`,
};
/** [importer's path suffix, import specifier, stub]: the imports that resolve to a stub. */
const STUBBED = [
  // compartment.js is the one importer of the module system.
  ['/ses/src/compartment.js', /^\.\/module-(?:load|link|proxy)\.js$/, '\0portcullis-ses-no-modules'],
  ['/ses/src/error/tame-console.js', /^\.\/console\.js$/, '\0portcullis-ses-no-causal-console'],
  ['/ses/src/error/tame-console.js', /^\.\/unhandled-rejection\.js$/, '\0portcullis-ses-no-rejection-trap'],
  ['/ses/src/lockdown.js', /^@endo\/env-options$/, '\0portcullis-ses-env-defaults'],
  ['/ses/src/error/assert.js', /^\.\/note-log-args\.js$/, '\0portcullis-ses-no-notes'],
];

// The runtime without the DOM layer (src/dom and css-what, 40 % of the script), for a policy with no `dom` section
// (src/plugin/runtime-asset.ts chooses): nothing of it runs without one; the registry's two entries into it are stubs.
const NO_DOM = {
  '\0portcullis-no-dom-facade': `export const createDomFacade = ${refuse('this runtime script was built without the DOM layer (for a policy with no dom section)')};`,
  '\0portcullis-no-dom-real': `export const captureRealDom = () => undefined;`,
};
const NO_DOM_STUBBED = [
  ['/runtime/registry.js', /^\.\.\/dom\/facade\.js$/, '\0portcullis-no-dom-facade'],
  ['/runtime/index.js', /^\.\.\/dom\/real\.js$/, '\0portcullis-no-dom-real'],
];

/**
 * @param {{ esmDir: string, sourcemap?: boolean, dom?: boolean }} options `dom: false` leaves the DOM layer out.
 * @returns {Promise<{ code: string, map?: unknown, bundled: { code: string, map?: unknown } }>}
 */
export async function bundleRuntime({ esmDir, sourcemap = false, dom = true }) {
  const stubs = dom ? STUBS : { ...STUBS, ...NO_DOM };
  const stubbedImports = dom ? STUBBED : [...STUBBED, ...NO_DOM_STUBBED];
  const stubbed = new Set();
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      {
        name: 'portcullis-runtime-entry',
        resolveId(id, importer) {
          if (id === ENTRY || id in stubs) return id;
          const stub = stubbedImports.find(([from, specifier]) => importer?.endsWith(from) && specifier.test(id));
          if (!stub) return null;
          stubbed.add(stub);
          return stub[2];
        },
        load(id) {
          if (id === ENTRY) return `import 'ses/lockdown-shim.js';\nexport * from ${JSON.stringify(`${esmDir}/runtime/index.js`)};\n`;
          return stubs[id] ?? null;
        },
      },
      // Also the runtime's few browser-side dependencies (css-what, for the DOM's selectors).
      nodeResolve({ browser: true }),
    ],
    // SES's modules are all side effects (shims): keep every one of them.
    treeshake: { moduleSideEffects: (id) => !(id in stubs) },
  });
  // A stub whose import is gone (a new SES moved the code) would leave that code in: say so rather than grow.
  const unused = stubbedImports.filter((s) => !stubbed.has(s));
  if (unused.length) throw new Error(`runtime bundle: nothing imports ${unused.map(([from, specifier]) => `${specifier} from ${from}`).join(', ')}`);
  const { output } = await bundle.generate({ format: 'iife', name: 'PortcullisRuntime', generatedCode: 'es2015', sourcemap });
  await bundle.close();
  // Minified: it is in every page, before anything else. PORTCULLIS_KEEP_NAMES=1 keeps the names (compressed still),
  // so that a profile of a confined page names the runtime's functions.
  const mangle = !process.env.PORTCULLIS_KEEP_NAMES;
  const min = await minify('portcullis-runtime.js', output[0].code, { compress: true, mangle, sourcemap });
  if (min.errors?.length) throw new Error(`minifying the runtime failed: ${min.errors.map((e) => e.message).join('; ')}`);
  return { code: min.code, map: min.map, bundled: { code: output[0].code, map: output[0].map } };
}
