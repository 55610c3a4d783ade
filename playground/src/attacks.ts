// Every attack of the hostile packages, run one after another. Each writes `[data-attack="<id>"]` inside `#attacks`:
// - `data-outcome="succeeded"`, the evidence as text (the attack worked: expected in a plain build);
// - `data-outcome="blocked"`, `data-error-name` = the thrown error's `name`, its message as text;
// - `data-outcome="value"` (typeof-probe only, not an attack), the value as text.
// Every row also has `data-package="<hostile package>"`.
import { exfilBeacon, exfilFetch, exfilXhr } from 'hostile-fetch';
import { cookieAtImport, readCookie, readLocalStorage } from 'hostile-storage';
import { constructorConstructor, functionCtor, indirectEval, stackTrace } from 'hostile-eval';
import { globalThisAlias, reflectGet, selfComputed, topAlias, typeofProbe, windowAlias } from 'hostile-alias';
import { hijackArrayIncludes, polluteObjectPrototype } from 'hostile-proto';
import { importBlobUrl, importDataUrl } from 'hostile-import';
import { describeError, row, withTimeout } from './report';

interface Attack {
  id: string;
  pkg: string;
  run: () => string | Promise<string>;
  /** 'value': not an attack; reports what it returns. */
  kind?: 'value';
}

function failed(message: string): Error {
  const error = new Error(message);
  error.name = 'AttackFailed';
  return error;
}

export const attacks: Attack[] = [
  { id: 'fetch', pkg: 'hostile-fetch', run: exfilFetch },
  { id: 'xhr', pkg: 'hostile-fetch', run: exfilXhr },
  { id: 'beacon', pkg: 'hostile-fetch', run: exfilBeacon },

  { id: 'cookie', pkg: 'hostile-storage', run: readCookie },
  { id: 'local-storage', pkg: 'hostile-storage', run: readLocalStorage },
  {
    id: 'import-time',
    pkg: 'hostile-storage',
    run() {
      // What the module's top-level code got when it was imported, before any of this ran.
      if (cookieAtImport instanceof Error || (typeof cookieAtImport === 'object' && cookieAtImport !== null)) throw cookieAtImport;
      if (!String(cookieAtImport).includes('Portcullis playground')) throw failed(String(cookieAtImport));
      return String(cookieAtImport);
    },
  },

  { id: 'function-ctor', pkg: 'hostile-eval', run: functionCtor },
  { id: 'constructor-constructor', pkg: 'hostile-eval', run: constructorConstructor },
  { id: 'indirect-eval', pkg: 'hostile-eval', run: indirectEval },
  { id: 'stack-trace', pkg: 'hostile-eval', run: stackTrace },

  { id: 'globalThis-alias', pkg: 'hostile-alias', run: globalThisAlias },
  { id: 'window-alias', pkg: 'hostile-alias', run: windowAlias },
  { id: 'self-computed', pkg: 'hostile-alias', run: selfComputed },
  { id: 'reflect-get', pkg: 'hostile-alias', run: reflectGet },
  { id: 'top-alias', pkg: 'hostile-alias', run: topAlias },
  { id: 'typeof-probe', pkg: 'hostile-alias', run: typeofProbe, kind: 'value' },

  {
    id: 'array-prototype',
    pkg: 'hostile-proto',
    run() {
      const spy = hijackArrayIncludes();
      try {
        // The app's own code, after the package had its chance:
        const found = ['app-secret'].includes('app-secret');
        if (spy.seen.length === 0) throw failed(`the app's includes() was not intercepted (result ${found})`);
        return `the app's ['app-secret'].includes() ran hostile code, which saw ${spy.seen.join(', ')}`;
      } finally {
        spy.restore();
      }
    },
  },
  {
    id: 'object-prototype',
    pkg: 'hostile-proto',
    run() {
      const pollution = polluteObjectPrototype();
      try {
        // The app's own code, after the package had its chance:
        const value = ({} as Record<string, unknown>).polluted;
        if (value === undefined) throw failed('({}).polluted is undefined');
        return `the app's ({}).polluted → ${String(value)}`;
      } finally {
        pollution.restore();
      }
    },
  },

  { id: 'dynamic-import', pkg: 'hostile-import', run: importDataUrl },
  { id: 'dynamic-import-blob', pkg: 'hostile-import', run: importBlobUrl },
];

export interface AttackTally {
  succeeded: number;
  blocked: number;
  total: number;
  typeofFetch: string;
}

export async function runAttacks(): Promise<AttackTally> {
  const rows = attacks.map((attack) => row('attacks', 'attack', attack.id, { package: attack.pkg, outcome: 'pending' }));
  const tally: AttackTally = { succeeded: 0, blocked: 0, total: 0, typeofFetch: '' };
  // One at a time: the prototype attacks change shared objects for as long as they run.
  for (const [i, attack] of attacks.entries()) {
    const li = rows[i]!;
    try {
      const evidence = await withTimeout(Promise.resolve().then(attack.run), 5000, 'AttackTimeout');
      li.textContent = String(evidence);
      if (attack.kind === 'value') {
        li.dataset.outcome = 'value';
        tally.typeofFetch = String(evidence);
      } else {
        li.dataset.outcome = 'succeeded';
        tally.succeeded++;
        tally.total++;
      }
    } catch (error) {
      const { name, message } = describeError(error);
      li.textContent = message;
      li.dataset.errorName = name;
      li.dataset.outcome = 'blocked';
      if (attack.kind !== 'value') {
        tally.blocked++;
        tally.total++;
      }
    }
  }
  return tally;
}
