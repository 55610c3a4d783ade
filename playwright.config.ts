// One `xvfb-run -a npx playwright test` runs every spec in three engines. "webkit" here is WebKitGTK's MiniBrowser driven
// through WebKitWebDriver, not Playwright's WebKit build (which cannot be installed on this project's machines).
// Specs use the engine-neutral `browserPage` fixture from e2e/harness/fixtures.ts; see e2e/README.md.
import { defineConfig } from '@playwright/test';
import type { Engine } from './e2e/harness/engines.ts';

const CI = Boolean(process.env.CI);

export default defineConfig<{}, { engine: Engine }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './e2e/harness/global-setup.ts',
  // A security check that passes only on a retry is a finding, not noise: no retries.
  retries: 0,
  forbidOnly: CI,
  fullyParallel: true,
  // Each worker runs a real browser (WebKit: a driver plus one MiniBrowser per test); two fit a 2-CPU CI machine.
  workers: process.env.PORTCULLIS_E2E_WORKERS ? Number(process.env.PORTCULLIS_E2E_WORKERS) : 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  projects: [
    { name: 'chromium', use: { engine: 'chromium', browserName: 'chromium' } },
    { name: 'firefox', use: { engine: 'firefox', browserName: 'firefox' } },
    { name: 'webkit', use: { engine: 'webkit' } },
  ],
});
