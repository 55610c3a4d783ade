// Composes the classic script that goes first in <head>: SES, then the Portcullis runtime started with the policy.
// Not bundled and not transformed, so no dependency's code can run before lockdown().
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { PortcullisBuildError } from './errors.js';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== 'portcullis') {
    const up = dirname(dir);
    if (up === dir) throw new Error('Portcullis: cannot find its own package.json');
    dir = up;
  }
  return dir;
}

let parts: { ses: string; runtime: string } | undefined;

function readParts(): { ses: string; runtime: string } {
  if (parts) return parts;
  const sesDir = dirname(createRequire(import.meta.url).resolve('ses/package.json'));
  const runtimePath = join(packageRoot(), 'dist', 'runtime', 'portcullis-runtime.js');
  if (!existsSync(runtimePath)) {
    throw new PortcullisBuildError(
      'PORTCULLIS_RUNTIME_MISSING',
      `${runtimePath} does not exist: run \`npm run build\` in the portcullis package first`,
    );
  }
  parts = { ses: readFileSync(join(sesDir, 'dist', 'ses.umd.min.js'), 'utf8'), runtime: readFileSync(runtimePath, 'utf8') };
  return parts;
}

export function runtimeScript(config: RuntimeConfig): string {
  const { ses, runtime } = readParts();
  // JSON is valid JavaScript; the config is data the build produced, never code from a package.
  const script = `${ses}\n;(function () {\n${runtime}\nPortcullisRuntime.start(${JSON.stringify(config)});\n})();\n`;
  // ASCII only: SES's identifiers contain U+034F, which a server that sends no charset would decode wrongly (the
  // script then fails to parse). `\uXXXX` means the same character in identifiers, strings and regular expressions.
  return script.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
