// Where each engine's browser lives on this machine and how to start it. Playwright cannot download its own browsers
// here (see shared/BROWSERS.md), so all three come from Debian packages; env variables override the paths for other
// machines.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { LaunchOptions } from '@playwright/test';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** Arguments that keep Chromium off the network and working as root in a container (tested in BROWSERS.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumLaunchOptions(): LaunchOptions {
  return { executablePath: executable('PORTCULLIS_CHROMIUM', '/usr/bin/chromium', 'chromium'), args: CHROMIUM_ARGS };
}

/** Stock Firefox only speaks WebDriver BiDi, which Playwright reaches through its 'moz-firefox' channel. */
export function firefoxLaunchOptions(): LaunchOptions & { channel: string } {
  return { channel: 'moz-firefox', executablePath: executable('PORTCULLIS_FIREFOX', '/usr/bin/firefox-esr', 'firefox-esr') };
}

export function webkitDriverPath(): string {
  return executable('PORTCULLIS_WEBKIT_DRIVER', '/usr/bin/WebKitWebDriver', 'webkit2gtk-driver');
}

/** Capabilities for a new WebKitWebDriver session: WebKitGTK's MiniBrowser in automation mode. */
export function webkitCapabilities(): Record<string, unknown> {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
  };
}

/**
 * MiniBrowser sits in a multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu, ...) and the WebKitGTK API version in
 * the folder name changes between Debian releases, so look for it rather than hard-code one machine's path.
 */
export function miniBrowserPath(): string {
  const override = process.env.PORTCULLIS_MINIBROWSER;
  if (override) return override;
  const multiarch = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch as string];
  const apis = ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0'];
  const preferred = multiarch ? apis.map((api) => `/usr/lib/${multiarch}/${api}/MiniBrowser`) : [];
  const found = [...preferred, ...scanLibDirs(apis)].find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'WebKitGTK MiniBrowser not found under /usr/lib/*/webkit*/. Install it with `apt-get install webkit2gtk-driver` ' +
        'or set PORTCULLIS_MINIBROWSER to its path.',
    );
  }
  return found;
}

function scanLibDirs(apis: string[]): string[] {
  let dirs: string[] = [];
  try {
    dirs = readdirSync('/usr/lib').filter((name) => name.endsWith('-linux-gnu'));
  } catch {
    return [];
  }
  return dirs.flatMap((dir) => apis.map((api) => path.join('/usr/lib', dir, api, 'MiniBrowser')));
}

function executable(envName: string, fallback: string, aptPackage: string): string {
  const file = process.env[envName] || fallback;
  if (!existsSync(file)) {
    throw new Error(`${file} not found: install it with \`apt-get install ${aptPackage}\` or set ${envName}.`);
  }
  return file;
}
