// The servers global setup starts: the confined build must carry the app's CSP (the attacks that the browser itself
// blocks under it are part of what the confined build is judged on), the plain build must not, and neither may fall
// back to index.html for a missing file. HTTP-level, so checked once rather than per engine.
import { expect, isServed, served, test } from './harness/fixtures.ts';

test.beforeEach(({ engine }) => {
  test.skip(engine !== 'chromium', 'HTTP-level check: the same in every engine');
});

test('fixture sites: CSP only on fixtures-csp', async () => {
  const plain = await fetch(served('fixtures', '/smoke/index.html'));
  const strict = await fetch(served('fixtures-csp', '/smoke/index.html'));
  expect(plain.status).toBe(200);
  expect(plain.headers.get('content-security-policy')).toBeNull();
  expect(strict.headers.get('content-security-policy')).toContain("script-src 'self'");
});

test('playground builds: confined with the CSP from vite.config.ts, plain without', async () => {
  test.skip(!isServed('confined'), 'no playground build in this run');
  const { CSP } = (await import('../vite.config.ts')) as { CSP: string };
  const confined = await fetch(served('confined', '/'));
  const plain = await fetch(served('plain', '/'));
  expect(confined.status).toBe(200);
  expect(confined.headers.get('content-type')).toContain('text/html');
  expect(confined.headers.get('content-security-policy')).toBe(CSP);
  expect(plain.status).toBe(200);
  expect(plain.headers.get('content-security-policy')).toBeNull();
  expect((await fetch(served('confined', '/no-such-file.js'))).status).toBe(404);
});
