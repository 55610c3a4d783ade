// Installs this repository as an app would get it: `npm pack` (dist/ must be built), unpacked as
// node_modules/portcullis. The ecosystem matrix's apps (e2e/apps) import `portcullis` and run its bin from there,
// so they test the published files, not src/. Used by the e2e global setup and scripts/bench-apps.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const INSTALLED = path.join(root, 'node_modules/portcullis');

export function installPackedPortcullis() {
  const dest = mkdtempSync(path.join(tmpdir(), 'portcullis-pack-'));
  try {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const tarball = readdirSync(dest).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${dest}`);
    rmSync(INSTALLED, { recursive: true, force: true });
    mkdirSync(INSTALLED, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(dest, tarball), '-C', INSTALLED, '--strip-components=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}
