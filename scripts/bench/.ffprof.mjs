// temp: Gecko profile of one confined bench.html?dom-only load
import { firefox } from '@playwright/test';
import { startStaticServer } from '../serve.mjs';
import { playgroundCsp } from './lib.mjs';
const dir = process.argv[2];
const out = process.argv[3];
const csp = await playgroundCsp();
const server = await startStaticServer({ root: dir, csp });
const b = await firefox.launch({ channel: 'moz-firefox', executablePath: '/usr/bin/firefox-esr', env: { ...process.env, MOZ_PROFILER_STARTUP: '1', MOZ_PROFILER_STARTUP_FEATURES: 'js', MOZ_PROFILER_STARTUP_INTERVAL: '0.5', MOZ_PROFILER_STARTUP_ENTRIES: '50000000', MOZ_PROFILER_SHUTDOWN: out },
  firefoxUserPrefs: process.argv[4] ? { 'javascript.options.asyncstack': false } : {} });
const p = await b.newPage();
await p.goto(`${server.url}/bench.html?dom-only`);
await p.locator('#bench[data-status]').waitFor({ timeout: 120000 });
console.log(await p.locator('#bench').getAttribute('data-dom-ms'));
await b.close();
await server.close();
