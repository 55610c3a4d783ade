// The CLI on an app whose package reads an env value and ships CSS that loads a font from another origin (rows 60 and
// 61 of THREATS.md): `portcullis policy` writes importMeta and css grants, `explain` shows each with its code, and
// `--check` shows them as gains when the reviewed file lacks them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/index.js');

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-grants-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', private: true, dependencies: { styled: '*' } }),
    'vite.config.mjs': `import portcullis from 'portcullis';\nexport default { plugins: [portcullis()] };\n`,
    'index.html': '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>',
    'main.js': `import { api } from 'styled';\nconsole.log(api());\n`,
    'node_modules/styled/package.json': JSON.stringify({ name: 'styled', version: '1.0.0', type: 'module', main: 'index.js' }),
    'node_modules/styled/index.js': `import './style.css';\nexport const api = () => import.meta.env.VITE_API_URL;\n`,
    'node_modules/styled/style.css': `a { color: red }\n@font-face { font-family: x; src: url(https://fonts.example/x.woff2) }\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  symlinkSync(repo, join(dir, 'node_modules/portcullis'));
  return dir;
}

const run = (cwd: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args, '--quiet'], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
};

describe('portcullis CLI: import.meta and CSS grants', () => {
  it('policy writes them, explain and --check show them with their code', () => {
    const dir = app();
    expect(run(dir, 'policy').code).toBe(0);
    const policy = JSON.parse(readFileSync(join(dir, 'portcullis.policy.json'), 'utf8'));
    expect(policy.resources.styled).toEqual({ importMeta: { 'env.VITE_API_URL': true }, css: { origins: ['https://fonts.example'] } });
    const explained = run(dir, 'explain', 'styled').stdout;
    expect(explained).toContain('may read import.meta:\n    env.VITE_API_URL\n        at node_modules/styled/index.js:2:');
    expect(explained).toContain('its CSS may load from:\n    https://fonts.example\n        at node_modules/styled/style.css:2:');
    writeFileSync(join(dir, 'portcullis.policy.json'), JSON.stringify({ resources: { styled: {} } }));
    const check = run(dir, 'policy', '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('+ gains import.meta env.VITE_API_URL');
    expect(check.stdout).toContain('+ gains CSS origin https://fonts.example');
  });
});
