// Which grants `explain`, `--check` and the review diff flag (power.ts): cookies have no per-package names, so every
// path to them is origin-wide, and a PerformanceObserver sees every URL the page loads.
import { describe, expect, it } from 'vitest';
import { powerLabel } from './power.js';

describe('power labels', () => {
  for (const key of ['cookieStore', 'cookieStore.get', 'cookieStore.set', 'document.cookie']) {
    it(`${key} is labelled origin-wide (every cookie the page's scripts see)`, () => {
      expect(powerLabel(key, true)).toMatchObject({ level: 'origin', text: expect.stringMatching(/every cookie of the origin/) });
      expect(powerLabel(key, 'write')?.level).toBe('origin');
      expect(powerLabel(key, false)).toBeUndefined();
    });
  }
  it('a whole PerformanceObserver is labelled with the URLs it sees', () => {
    expect(powerLabel('PerformanceObserver', true)).toMatchObject({ level: 'whole', text: expect.stringMatching(/URL of every resource/) });
  });
  it('addEventListener "origin" (every event of the page, src/boundary/host-events.ts) is labelled; true is not', () => {
    expect(powerLabel('addEventListener', 'origin')).toMatchObject({ level: 'origin', text: expect.stringMatching(/keys typed into the app.*login popup's token/) });
    expect(powerLabel('window.addEventListener', 'origin')?.level).toBe('origin');
    expect(powerLabel('addEventListener', true)).toBeUndefined();
  });
  it('SharedWorker "origin" (the app\'s running shared workers) is labelled', () => {
    expect(powerLabel('SharedWorker', 'origin')).toMatchObject({ level: 'origin', text: expect.stringMatching(/joins the app's own shared workers/) });
    expect(powerLabel('SharedWorker', true)).toBeUndefined();
  });
  it('a whole navigator.serviceWorker and navigation are labelled', () => {
    expect(powerLabel('navigator.serviceWorker', true)).toMatchObject({ level: 'whole', text: expect.stringMatching(/service worker/) });
    expect(powerLabel('navigation', true)?.level).toBe('whole');
  });
  it('an ordinary grant has no label', () => {
    expect(powerLabel('setTimeout', true)).toBeUndefined();
    expect(powerLabel('document.createElement', true)).toBeUndefined();
  });
});
