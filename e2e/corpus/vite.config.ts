// The corpus app's config, as a user would write it (with the plugin from this repo's source). `recordGrants` lets
// the e2e test read which grants the packages really used (e2e/corpus.spec.ts).
import { defineConfig } from 'vite';
import portcullis from '../../src/plugin/index.ts';

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true },
  plugins: [portcullis({ recordGrants: true })],
});
