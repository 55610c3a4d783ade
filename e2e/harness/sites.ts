// The sites that global-setup.ts serves for the run, and the CSP they use. Global setup runs in the runner process and
// hands the URLs to the workers through an environment variable (workers inherit the runner's environment); ports are
// picked by the OS, so parallel runs on one machine never fight over a port.
import type { DevSite } from './dev-servers.ts';

/**
 * - 'confined': playground/dist (built with Portcullis), served WITH the app's Content-Security-Policy.
 * - 'plain': playground/dist-plain (built with PORTCULLIS=off), served without a CSP.
 * - 'fixtures' / 'fixtures-csp': e2e/fixtures without / with FIXTURE_CSP (harness self-tests).
 * - 'corpus': e2e/corpus/dist (popular packages under their generated policy), served WITH the app's CSP.
 * - 'attacks-<name>-plain' / 'attacks-<name>-confined': an attack app of e2e/attacks/ (see its README), built by
 *   Vite without Portcullis and served without a CSP / built with it and served with the app's CSP;
 *   'attacks-<name>-rollup-plain' / 'attacks-<name>-rollup-confined': the same built by Rollup 4.
 * - 'app:<name>' / 'app-dev:<name>': the ecosystem matrix's apps, built and under `vite` (see AppSite).
 * - 'dev-chromium' / 'dev-firefox' / 'dev-webkit': `vite` (dev server) on the playground, one per engine (the spec
 *   edits their policy override files); 'dev-report': the same in report mode (see dev-servers.ts).
 */
export type Site = 'confined' | 'plain' | 'fixtures' | 'fixtures-csp' | 'corpus' | DevSite | AppSite | `attacks-${string}-${'plain' | 'confined' | 'rollup-plain' | 'rollup-confined'}`;

/** 'app:<name>': e2e/apps/<name>/dist served WITH the app's CSP; 'app-dev:<name>': `vite` on that app (harness/apps.ts). */
export type AppSite = `app:${string}` | `app-dev:${string}`;

export const SITES_ENV = 'PORTCULLIS_E2E_SITES';

/** A strict policy of the same shape as the app's: scripts from 'self' only, so no eval, no new Function. */
export const FIXTURE_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

function sites(): Partial<Record<Site, string>> {
  const raw = process.env[SITES_ENV];
  if (!raw) throw new Error(`${SITES_ENV} is not set: run specs through \`npx playwright test\`, whose global setup serves them.`);
  return JSON.parse(raw) as Partial<Record<Site, string>>;
}

/** True when the site is being served (the playground sites only exist once playground/index.html does). */
export function isServed(site: Site): boolean {
  return Boolean(sites()[site]);
}

/** Absolute URL of `pathname` on a served site, e.g. served('confined', '/') or served('fixtures', '/smoke/'). */
export function served(site: Site, pathname = '/'): string {
  const base = sites()[site];
  if (!base) throw new Error(`site '${site}' is not served in this run (see e2e/harness/global-setup.ts).`);
  return new URL(pathname, base).href;
}
