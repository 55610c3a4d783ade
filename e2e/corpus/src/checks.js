// One real, checkable job per package: [package, run() → result, expected result (string or RegExp)].
// Utilities, UI, data and networking; CommonJS (dayjs, ms, qs, classnames, deepmerge, fast-deep-equal, papaparse,
// lz-string, semver, escape-html, nprogress) and ESM (the rest).
import axios from 'axios';
import classNames from 'classnames';
import clsx from 'clsx';
import { addDays, format } from 'date-fns';
import dayjs from 'dayjs';
import Decimal from 'decimal.js';
import deepmerge from 'deepmerge';
import DOMPurify from 'dompurify';
import escapeHtml from 'escape-html';
import EventEmitter from 'eventemitter3';
import equal from 'fast-deep-equal';
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import Fuse from 'fuse.js';
import hotkeys from 'hotkeys-js';
import { get as idbGet, set as idbSet } from 'idb-keyval';
import { produce } from 'immer';
import Cookies from 'js-cookie';
import { dump as yamlDump, load as yamlLoad } from 'js-yaml';
import ky from 'ky';
import { chunk, debounce } from 'lodash-es';
import LZString from 'lz-string';
import { marked } from 'marked';
import mitt from 'mitt';
import ms from 'ms';
import { nanoid } from 'nanoid';
import NProgress from 'nprogress';
import Papa from 'papaparse';
import { h, render } from 'preact';
import qs from 'qs';
import queryString from 'query-string';
import * as R from 'ramda';
import semver from 'semver';
import { v4 as uuidv4, validate as uuidValidate } from 'uuid';
import { z } from 'zod';

const json = (value) => JSON.stringify(value);

// zod probes for eval with a caught `new Function('')` unless told not to; an app served with a CSP that forbids eval
// sets this anyway (zod's docs), since the browser reports the probe as a CSP violation too.
z.config({ jitless: true });

export const checks = [
  ['lodash-es', () => new Promise((resolve) => {
    const calls = [];
    const log = debounce((v) => calls.push(v), 10);
    log(1); log(2); log(3);
    setTimeout(() => resolve(`${json(chunk([1, 2, 3, 4, 5], 2))} debounced:${json(calls)}`), 60);
  }), '[[1,2],[3,4],[5]] debounced:[3]'],
  ['ramda', () => R.pipe(R.map((x) => x * 2), R.filter((x) => x > 2), R.sum)([1, 2, 3]), 10],
  ['date-fns', () => format(addDays(new Date(2024, 0, 30), 3), 'yyyy-MM-dd EEEE'), '2024-02-02 Friday'],
  ['dayjs', () => dayjs('2024-02-29T10:00:00').add(1, 'year').format('YYYY-MM-DD'), '2025-02-28'],
  ['ms', () => `${ms('2 days')} ${ms(60000)}`, '172800000 1m'],
  ['nanoid', () => nanoid(), /^[A-Za-z0-9_-]{21}$/],
  ['uuid', () => { const id = uuidv4(); return `${uuidValidate(id)} ${id}`; }, /^true [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ['clsx', () => clsx('a', { b: true, c: false }, ['d']), 'a b d'],
  ['classnames', () => classNames('a', { b: 1, c: 0 }, 'e'), 'a b e'],
  ['deepmerge', () => json(deepmerge({ a: { x: 1 }, l: [1] }, { a: { y: 2 }, l: [2] })), '{"a":{"x":1,"y":2},"l":[1,2]}'],
  ['fast-deep-equal', () => `${equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })} ${equal({ a: 1 }, { a: 2 })}`, 'true false'],
  ['eventemitter3', () => { const e = new EventEmitter(); let got; e.once('x', (v) => (got = v)); e.emit('x', 42); return `got ${got}, listeners ${e.listenerCount('x')}`; }, 'got 42, listeners 0'],
  ['mitt', () => { const bus = mitt(); const seen = []; bus.on('*', (type, v) => seen.push(`${type}=${v}`)); bus.emit('a', 1); bus.emit('b', 2); return seen.join(' '); }, 'a=1 b=2'],
  ['immer', () => {
    const base = { todos: ['a'] };
    const next = produce(base, (draft) => { draft.todos.push('b'); });
    return `${json(base)} → ${json(next)} frozen:${Object.isFrozen(next)}`;
  }, '{"todos":["a"]} → {"todos":["a","b"]} frozen:true'],
  ['zod', () => {
    const User = z.object({ name: z.string(), age: z.number().min(0) });
    const good = User.safeParse({ name: 'Ada', age: 36 });
    const bad = User.safeParse({ name: 'Bob', age: -1 });
    return `${good.success} ${bad.success} ${bad.error.issues[0].path.join('.')}`;
  }, 'true false age'],
  ['qs', () => json(qs.parse('a[]=1&a[]=2&b[c]=d%20e')), '{"a":["1","2"],"b":{"c":"d e"}}'],
  ['query-string', () => `${queryString.stringify({ b: 2, a: [1, 3] })} ${json(queryString.parse('?x=1&y=two'))}`, 'a=1&a=3&b=2 {"x":"1","y":"two"}'],
  ['papaparse', () => { const parsed = Papa.parse('a,b\n1,2\n3,4', { header: true }); return `${json(parsed.data)} ${Papa.unparse([{ x: 1, y: 'q' }])}`; }, '[{"a":"1","b":"2"},{"a":"3","b":"4"}] x,y\r\n1,q'],
  ['js-yaml', () => { const doc = yamlLoad('a: [1, 2]\nb: {c: d}'); return `${json(doc)} | ${yamlDump({ k: ['v'] }).trim()}`; }, '{"a":[1,2],"b":{"c":"d"}} | k:\n  - v'],
  ['marked', () => marked.parse('# Hi **there**').trim(), '<h1>Hi <strong>there</strong></h1>'],
  ['fflate', () => { const packed = gzipSync(strToU8('hello '.repeat(100))); return `${packed.length < 100} ${strFromU8(gunzipSync(packed)).length}`; }, 'true 600'],
  ['lz-string', () => { const packed = LZString.compressToBase64('portcullis '.repeat(20)); return `${packed.length < 100} ${LZString.decompressFromBase64(packed) === 'portcullis '.repeat(20)}`; }, 'true true'],
  ['decimal.js', () => `${new Decimal(0.1).plus(0.2).toString()} ${new Decimal(2).sqrt().toSignificantDigits(5).toString()}`, '0.3 1.4142'],
  ['fuse.js', () => new Fuse(['apple', 'banana', 'cherry']).search('banan')[0].item, 'banana'],
  ['semver', () => `${semver.satisfies('1.2.3', '^1.0.0')} ${semver.inc('1.2.3', 'minor')} ${semver.gt('2.0.0', '1.9.9')}`, 'true 1.3.0 true'],
  ['escape-html', () => escapeHtml('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'],
  ['ky', async () => { const data = await ky.get('/data.json').json(); return `${data.message} (${data.answer})`; }, 'hello from data.json (42)'],
  ['axios', async () => { const response = await axios.get('/data.json'); return `${response.status} ${response.data.answer}`; }, '200 42'],
  ['idb-keyval', async () => { await idbSet('corpus-key', { n: 7 }); return json(await idbGet('corpus-key')); }, '{"n":7}'],
  ['js-cookie', () => { Cookies.set('corpus', 'yes'); const got = Cookies.get('corpus'); Cookies.remove('corpus'); return `${got} ${Cookies.get('corpus')}`; }, 'yes undefined'],
  ['dompurify', () => DOMPurify.sanitize('<a href="javascript:alert(1)">x</a><b>ok</b><script>alert(2)</script>'), '<a>x</a><b>ok</b>'],
  ['nprogress', () => { NProgress.start(); NProgress.set(0.5); const bar = document.querySelector('#nprogress .bar'); const result = `${NProgress.isStarted()} ${Boolean(bar)}`; NProgress.remove(); return result; }, 'true true'],
  ['preact', () => { const root = document.getElementById('preact-root'); render(h('p', { class: 'greeting' }, 'Hello ', h('b', null, 'preact')), root); return root.innerHTML; }, '<p class="greeting">Hello <b>preact</b></p>'],
  ['hotkeys-js', () => { let hits = 0; hotkeys('ctrl+k', () => { hits++; }); hotkeys.trigger('ctrl+k'); hotkeys.unbind('ctrl+k'); return `hits ${hits}`; }, 'hits 1'],
];
