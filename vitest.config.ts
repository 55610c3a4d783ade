// Unit and build tests (Vitest). SourceTextModule needs --experimental-vm-modules: confined modules are evaluated
// for real in a separate realm where SES's lockdown() has run (src/plugin/test-realm.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    execArgv: ['--experimental-vm-modules', '--no-warnings'],
    testTimeout: 60_000,
  },
});
