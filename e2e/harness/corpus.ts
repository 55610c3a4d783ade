// The corpus app (e2e/corpus): popular npm packages, each doing a real job in one page. Before the run, global setup
// checks that its committed policy is exactly what `portcullis policy` generates from its build (the CI use of
// `--check`), then builds it with that policy. e2e/corpus.spec.ts runs the page in every engine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS_DIR = path.join(ROOT, 'e2e/corpus');
const TIMEOUT_MS = 5 * 60_000;

function run(label: string, args: string[]): Promise<string> {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: CORPUS_DIR, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-40_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`[e2e] corpus: ${label} failed (exit ${code}):\n${output}`));
      else {
        console.log(`[e2e] corpus: ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        resolve(output);
      }
    });
  });
}

export async function buildCorpus(): Promise<void> {
  const bin = path.join(ROOT, 'dist/cli/index.js');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does).`);
  // Exit 1 with the review diff when e2e/corpus/portcullis.policy.json is not what this build generates.
  await run('portcullis policy --check', [bin, 'policy', '--check']);
  const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  await run('vite build', [viteBin, 'build', '--logLevel', 'warn']);
}
