// `npm run bench`: scripts/bench.mjs (the playground against plain Vite), then every scripts/bench-*.mjs in name
// order, each in its own Node process (one's load or crash does not sway the next). `npm run bench -- scale apps`
// runs only the files whose name contains one of the words (`bench` itself matches `main`). A failed file is
// reported and the others still run; the exit code is then 1.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const scripts = path.resolve(import.meta.dirname, '..');
const files = ['bench.mjs', ...readdirSync(scripts).filter((f) => /^bench-.+\.mjs$/.test(f)).sort()];
const words = process.argv.slice(2);
const chosen = words.length ? files.filter((f) => words.some((w) => (f === 'bench.mjs' ? w === 'main' : f.includes(w)))) : files;
if (!chosen.length) {
  console.error(`no benchmark matches ${words.join(', ')}; there are: main, ${files.slice(1).map((f) => f.slice(6, -4)).join(', ')}`);
  process.exit(2);
}
const failed = [];
for (const file of chosen) {
  console.log(`\n=== ${file} ===`);
  const { status, signal } = spawnSync(process.execPath, [path.join(scripts, file)], { stdio: 'inherit' });
  if (status !== 0) failed.push(`${file} (${signal ?? `exit ${status}`})`);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
