// Real npm packages doing their real jobs. Each writes `[data-pkg="<npm name>"]` inside `#packages`:
// `data-status="ok"` with a deterministic result text, or `data-status="error"` with `data-error-name` and
// "<name>: <message>" as text.
import { nanoid } from 'nanoid';
import dayjs from 'dayjs'; // CommonJS (UMD)
import { chunk, debounce } from 'lodash-es';
import { format } from 'date-fns'; // the French locale is imported lazily below, into its own chunk
import ky from 'ky';
import { get, set } from 'idb-keyval';
import mitt from 'mitt';
import clsx from 'clsx';
import { marked } from 'marked';
import qs from 'qs'; // CommonJS, with a tree of CommonJS dependencies (side-channel, get-intrinsic, object-inspect, …)
import { describeError, row, withTimeout } from './report';

/** A check returns its result text, or `{ html }` to render markup (marked). It throws when the result is wrong. */
type Result = string | { html: string };

function expect(condition: boolean, message: string): void {
  if (!condition) {
    const error = new Error(message);
    error.name = 'WrongResult';
    throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const packageChecks: Record<string, () => Result | Promise<Result>> = {
  nanoid() {
    const id = nanoid();
    expect(/^[A-Za-z0-9_-]{21}$/.test(id), `unexpected id ${JSON.stringify(id)}`);
    return id;
  },

  dayjs() {
    return `2024-02-29 10:30 + 1 year → ${dayjs('2024-02-29T10:30:00').add(1, 'year').format('dddd D MMMM YYYY, HH:mm')}`;
  },

  async 'lodash-es'() {
    const chunks = JSON.stringify(chunk([1, 2, 3, 4, 5, 6, 7], 3));
    const calls: number[] = [];
    const debounced = debounce((n: number) => calls.push(n), 20);
    for (let n = 1; n <= 5; n++) debounced(n);
    await sleep(120);
    expect(calls.length === 1, `debounce called ${calls.length} times: ${JSON.stringify(calls)}`);
    return `chunk → ${chunks}; debounce ×5 → 1 call with ${calls[0]}`;
  },

  async 'date-fns'() {
    const { fr } = await import('date-fns/locale/fr');
    return `2024-07-14 in fr → ${format(new Date(2024, 6, 14), 'EEEE d MMMM yyyy', { locale: fr })}`;
  },

  async ky() {
    const data = await ky.get('/data.json').json<{ message: string; answer: number }>();
    return `GET /data.json → ${data.message} (answer ${data.answer})`;
  },

  async 'idb-keyval'() {
    const nonce = Math.random().toString(36).slice(2);
    await set('portcullis-playground', { message: 'kept in IndexedDB', nonce });
    const back = (await get('portcullis-playground')) as { message: string; nonce: string } | undefined;
    expect(back?.nonce === nonce, `read back ${JSON.stringify(back)}`);
    return `set → get: ${back!.message}`;
  },

  mitt() {
    const emitter = mitt<{ ping: string }>();
    const received: string[] = [];
    const handler = (value: string) => received.push(value);
    emitter.on('ping', handler);
    emitter.emit('ping', 'a');
    emitter.emit('ping', 'b');
    emitter.off('ping', handler);
    emitter.emit('ping', 'c');
    return `ping a, b, off(), c → received ${received.join(',')}`;
  },

  clsx() {
    return `clsx → ${clsx('btn', { active: true, disabled: false }, ['lg', null, false])}`;
  },

  marked() {
    // Rendered as HTML: the test looks for `[data-pkg="marked"] strong`.
    return { html: marked.parse('**bold** and _em_ from markdown', { async: false }).trim() };
  },

  qs() {
    const query = qs.stringify({ a: [1, 2], b: { c: 'd e' } }, { encodeValuesOnly: true });
    const back = JSON.stringify(qs.parse(query));
    expect(back === '{"a":["1","2"],"b":{"c":"d e"}}', `parsed back ${back}`);
    return `${query} ⇄ ${back}`;
  },
};

async function runOne(name: string, check: () => Result | Promise<Result>, li: HTMLLIElement): Promise<void> {
  try {
    const result = await withTimeout(Promise.resolve().then(check), 8000);
    if (typeof result === 'string') li.textContent = result;
    else li.innerHTML = result.html;
    li.dataset.status = 'ok';
  } catch (error) {
    const { name: errorName, message } = describeError(error);
    li.textContent = `${errorName}: ${message}`;
    li.dataset.errorName = errorName;
    li.dataset.status = 'error';
    console.error(`[playground] ${name} failed`, error);
  }
}

export async function runPackages(): Promise<{ ok: number; total: number }> {
  const entries = Object.entries(packageChecks);
  const rows = entries.map(([name]) => row('packages', 'pkg', name, { status: 'pending' }));
  await Promise.all(entries.map(([name, check], i) => runOne(name, check, rows[i]!)));
  return { ok: rows.filter((li) => li.dataset.status === 'ok').length, total: rows.length };
}
