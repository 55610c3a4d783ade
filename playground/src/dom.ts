// The attenuated DOM in the playground. Drawing packages get an element from the app (the way in) and draw in it;
// hostile-dom gets a fresh element per attack and tries every DOM path out of it (THREATS.md).
// Rows: `[data-draw="<package>"]` in #drawing (data-status ok/error) and `[data-dom-attack="<id>"]` in #dom-attacks
// (data-row, data-outcome succeeded/blocked/value, data-error-name), as in the other sections.
import confetti from 'canvas-confetti';
import NProgress from 'nprogress';
import { CountUp } from 'countup.js';
import { attacks as domAttacks } from 'hostile-dom';
import { describeError, withTimeout } from './report';

interface Registry {
  grant(pkg: string, element: Element): unknown;
}
/** Under Portcullis, grants an element to a package that finds it by selector; a plain build needs nothing. */
function grant(pkg: string, element: Element): void {
  (globalThis as { __portcullis__?: Registry }).__portcullis__?.grant(pkg, element);
}

function rowIn(listId: string, attribute: string, key: string): HTMLLIElement {
  const li = document.createElement('li');
  li.setAttribute(`data-${attribute}`, key);
  document.getElementById(listId)!.append(li);
  return li;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app reads its own canvas: any non-transparent pixel means confetti was drawn. */
function paintedPixels(canvas: HTMLCanvasElement): number {
  const data = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
  return count;
}

const drawings: { pkg: string; run: (host: HTMLElement) => Promise<string> }[] = [
  {
    pkg: 'canvas-confetti',
    async run(host) {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 120;
      host.append(canvas);
      const fire = confetti.create(canvas, { resize: false, useWorker: false });
      const done = fire({ particleCount: 80, spread: 70, origin: { y: 0.6 }, disableForReducedMotion: false });
      done?.catch((e: unknown) => console.error('confetti failed', e));
      // The particles fly out of a small canvas fast: watch it for a while, keep the busiest frame.
      let painted = 0;
      for (let waited = 0; waited < 1500 && painted < 100; waited += 25) {
        await sleep(25);
        painted = Math.max(painted, paintedPixels(canvas));
      }
      if (painted === 0) throw new Error('no confetti on the canvas');
      return `confetti drawn on the app's canvas (${painted >= 100 ? 'over 100' : painted} painted pixels)`;
    },
  },
  {
    pkg: 'nprogress',
    async run(host) {
      host.id = 'progress-host';
      grant('nprogress', host);
      NProgress.configure({ parent: '#progress-host', showSpinner: false, trickle: false });
      NProgress.start();
      NProgress.set(0.5);
      await sleep(400);
      // The ids a dom-mode package sets are its own namespace: the page holds `pc<length>-<package>-<id>`
      // (src/shared/id-namespace.ts), so the app names nprogress's `#nprogress` by that id (the plain build: its own).
      const bar = host.querySelector<HTMLElement>('#pc9-nprogress-nprogress .bar, #nprogress .bar');
      if (!bar) throw new Error('no progress bar in the host element');
      // nprogress positions the bar by translate3d, translate or margin, whichever its style sniffing finds.
      return `progress bar drawn (${bar.style.marginLeft ? `margin-left ${bar.style.marginLeft}` : bar.style.transform})`;
    },
  },
  {
    pkg: 'countup.js',
    async run(host) {
      const counter = new CountUp(host, 1234, { duration: 0.2 });
      counter.start();
      await sleep(600);
      return `counted up to ${host.textContent}`;
    },
  },
];

export async function runDrawings(): Promise<number> {
  let ok = 0;
  for (const { pkg, run } of drawings) {
    const li = rowIn('drawing', 'draw', pkg);
    const host = document.createElement('div');
    host.className = 'draw-host';
    li.append(host);
    const result = document.createElement('p');
    li.append(result);
    try {
      result.textContent = await withTimeout(run(host), 5000);
      li.dataset.status = 'ok';
      ok++;
    } catch (error) {
      const { name, message } = describeError(error);
      li.dataset.status = 'error';
      li.dataset.errorName = name;
      result.textContent = `${name}: ${message}`;
    }
  }
  return ok;
}

/** What the app puts in a container before some attacks: its own content inside the granted subtree. */
function prepare(id: string, container: HTMLElement): void {
  if (id === 'open-shadow-root') {
    const host = document.createElement('div');
    host.setAttribute('data-app-shadow-host', '');
    host.attachShadow({ mode: 'open' }).textContent = 'app secret in an open shadow root';
    container.append(host);
  }
  if (id === 'nonce') {
    const style = document.createElement('style');
    style.setAttribute('data-app-nonce', '');
    style.setAttribute('nonce', 'n0nce-of-the-app');
    container.append(style);
  }
}

export async function runDomAttacks(): Promise<{ succeeded: number; blocked: number }> {
  const sandbox = document.getElementById('dom-sandbox')!;
  const counts = { succeeded: 0, blocked: 0 };
  for (const attack of domAttacks) {
    const li = rowIn('dom-attacks', 'dom-attack', attack.id);
    li.dataset.row = String(attack.row);
    const container = document.createElement('div');
    sandbox.append(container);
    prepare(attack.id, container);
    try {
      li.textContent = await withTimeout(Promise.resolve().then(() => attack.run(container)), 3000, 'AttackTimeout');
      const isValue = attack.id === 'identity' || attack.id === 'instanceof'; // properties, not attacks
      li.dataset.outcome = isValue ? 'value' : 'succeeded';
      if (!isValue) counts.succeeded++;
    } catch (error) {
      const { name, message } = describeError(error);
      li.dataset.outcome = 'blocked';
      li.dataset.errorName = name;
      li.textContent = message;
      counts.blocked++;
    } finally {
      container.remove(); // an attack's leftovers (a clobbering <img name=cookie>) must not touch the next one
    }
  }
  return counts;
}
