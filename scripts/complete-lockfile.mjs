// Why: this machine's npm mirror lacks other platforms' optional native binaries (@rollup/rollup-<platform>),
// so `npm install` here writes a package-lock.json without them and `npm ci` then refuses the lock as out of sync.
// This adds the missing optional entries with their os/cpu/libc, exactly as a lock written with the full registry
// has them; npm ci skips them on other platforms. Run it after every `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const cpuOf = { arm: 'arm', 'arm-eabi': 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const m = /^@rollup\/rollup-([a-z]+(?:32)?)-([a-z0-9]+(?:-eabi)?)(?:-(gnu|musl|msvc|gnueabihf|musleabihf))?$/.exec(name);
    if (!m) continue;
    const base = path.endsWith('node_modules/rollup') ? path.slice(0, -'rollup'.length) : `${path}/node_modules/`;
    const key = `${base}${name}`;
    if (lock.packages[key] || lock.packages[`node_modules/${name}`]) continue;
    const [, os, arch, abi] = m;
    const item = { version, cpu: [cpuOf[arch] ?? arch], dev: true, license: 'MIT', optional: true, os: [os === 'win32' ? 'win32' : os] };
    if (abi === 'gnu' || abi === 'gnueabihf') item.libc = ['glibc'];
    if (abi === 'musl' || abi === 'musleabihf') item.libc = ['musl'];
    if (!entry.dev) delete item.dev;
    lock.packages[`node_modules/${name}`] = item;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} optional platform entries`);
