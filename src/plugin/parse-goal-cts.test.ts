// Row 55, the parse goal of a `.cts` file: Rolldown reads it as a script, as it does `.cjs` (a legacy octal literal,
// an error in the module goal, builds). Portcullis reads it in the same goal. Vite does not transpile `.cts` (Rolldown
// strips its types after every plugin), so one with types fails the build saying what to do.
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, run, viteBuild } from './test-builds.js';

describe('row 55: a .cts module is read as the script Rolldown reads', () => {
  const app = (source = `module.exports = () => [010, fetch('/exfil?cts')];`) =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { go } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `import go from './legacy.cts'; export { go };`, 'legacy.cts': source }),
    });

  it('plain: Rolldown builds it as a script and the package reaches fetch', async () => {
    const { exports, realm } = await run(await viteBuild(app(), { portcullis: false }));
    expect((exports.go as () => unknown[])()[0]).toBe(8);
    expect(realm.calls).toContain('fetch /exfil?cts');
  });

  it('confined: it builds (no parse error in the wrong goal) and fetch is refused, naming the package', async () => {
    const { exports, realm } = await run(await viteBuild(app()));
    expect(() => (exports.go as () => unknown)()).toThrow(/package "pkg" may not use fetch/);
    expect(realm.calls).not.toContain('fetch /exfil?cts');
  });

  it('with types: plain, Rolldown strips them and the package reaches fetch; confined, the build says to transpile it first', async () => {
    const typed = `module.exports = (): unknown[] => [8, fetch('/exfil?cts')];`;
    const { realm, exports } = await run(await viteBuild(app(typed), { portcullis: false }));
    (exports.go as () => unknown)();
    expect(realm.calls).toContain('fetch /exfil?cts');
    await expect(viteBuild(app(typed))).rejects.toThrow(/legacy\.cts is not JavaScript when Portcullis sees it: a plugin that turns it into JavaScript must come before portcullis\(\)/);
  });
});
