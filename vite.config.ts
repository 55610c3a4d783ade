// The playground's config. `PORTCULLIS=off` builds the same app without Portcullis (into dist-plain), so the e2e
// suite can prove each attack works in a plain build before proving Portcullis stops it.
import { defineConfig } from 'vite';
import portcullis from './src/plugin/index.ts';

const plain = process.env.PORTCULLIS === 'off';

// The confined build is served with a strict CSP: no 'unsafe-eval', no 'unsafe-inline' scripts.
export const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

export default defineConfig({
  root: 'playground',
  build: {
    outDir: plain ? 'dist-plain' : 'dist',
    emptyOutDir: true,
    // Two pages: the playground, and the global look-up benchmark of `npm run bench`.
    rolldownOptions: { input: { index: 'playground/index.html', bench: 'playground/bench.html' } },
  },
  preview: { headers: plain ? {} : { 'Content-Security-Policy': CSP } },
  plugins: plain ? [] : [portcullis({ generatePolicy: process.env.PORTCULLIS_GENERATE === '1' })],
});
