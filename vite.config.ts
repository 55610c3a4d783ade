// The playground's config. `PORTCULLIS=off` builds the same app without Portcullis (into dist-plain), so the e2e
// suite can prove each attack works in a plain build before proving Portcullis stops it.
// `vite` (dev server) runs the same app confined, with the violations overlay. The e2e suite starts several dev servers
// side by side: PORTCULLIS_MODE=report, PORTCULLIS_OVERRIDE (an override file only that server's tests edit) and
// PORTCULLIS_VITE_CACHE (its own pre-bundling cache) keep them apart.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import portcullis from './src/plugin/index.ts';

const plain = process.env.PORTCULLIS === 'off';

// The confined build is served with a strict CSP: no 'unsafe-eval', no 'unsafe-inline' scripts.
export const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

const page = (name: string) => fileURLToPath(new URL(`playground/${name}`, import.meta.url));

export default defineConfig({
  root: 'playground',
  cacheDir: process.env.PORTCULLIS_VITE_CACHE || undefined,
  build: {
    outDir: plain ? 'dist-plain' : 'dist',
    emptyOutDir: true,
    // Two pages: the playground, and the global look-up benchmark of `npm run bench`.
    // Absolute: the dev server's dependency scan resolves these from the root, the build from the working directory.
    rolldownOptions: { input: { index: page('index.html'), bench: page('bench.html') } },
  },
  preview: { headers: plain ? {} : { 'Content-Security-Policy': CSP } },
  plugins: plain
    ? []
    : [
        portcullis({
          generatePolicy: process.env.PORTCULLIS_GENERATE === '1',
          mode: process.env.PORTCULLIS_MODE === 'report' ? 'report' : 'enforce',
          policyOverride: process.env.PORTCULLIS_OVERRIDE || undefined,
        }),
      ],
});
