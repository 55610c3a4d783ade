// One real, checkable job per package: [package, run() → result, expected result (string or RegExp)].
// Utilities, UI, charts, 3D, math, documents, data and networking; CommonJS (dayjs, ms, qs, classnames, deepmerge, fast-deep-equal, papaparse,
// lz-string, semver, escape-html, nprogress) and ESM (the rest).
import axios from 'axios';
import Chart from 'chart.js/auto';
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
import { createFocusTrap } from 'focus-trap';
import Fuse from 'fuse.js';
import hotkeys from 'hotkeys-js';
import { get as idbGet, set as idbSet } from 'idb-keyval';
import { produce } from 'immer';
import Cookies from 'js-cookie';
import { jsPDF } from 'jspdf';
import { dump as yamlDump, load as yamlLoad } from 'js-yaml';
import ky from 'ky';
import { chunk, debounce } from 'lodash-es';
import LZString from 'lz-string';
import { marked } from 'marked';
import { derivative, evaluate, fraction, format as mathFormat } from 'mathjs';
import mitt from 'mitt';
import ms from 'ms';
import { nanoid } from 'nanoid';
import NProgress from 'nprogress';
import Papa from 'papaparse';
import { h, render } from 'preact';
// Named imports: the membrane module of a dom-mode package loses a CommonJS default export (h2-crossing's fix).
import * as QRCode from 'qrcode';
import qs from 'qs';
import queryString from 'query-string';
import * as R from 'ramda';
import semver from 'semver';
import { Box3, BoxGeometry, Matrix4, Mesh, MeshBasicMaterial, Scene, Vector3 } from 'three';
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
  ['chart.js', () => {
    // A bar chart drawn on a canvas the app hands it (through chart.js/auto: a folder with its own package.json).
    const canvas = document.getElementById('chart');
    const chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: ['a', 'b', 'c'], datasets: [{ label: 'n', data: [3, 7, 5], backgroundColor: 'rgb(200, 0, 0)' }] },
      options: { animation: false, responsive: false, plugins: { legend: { display: false } } },
    });
    const bar = chart.getDatasetMeta(0).data[1];
    const [r, , , a] = canvas.getContext('2d').getImageData(Math.round(bar.x), Math.round(bar.y + 5), 1, 1).data;
    const result = `${chart.getDatasetMeta(0).data.length} bars, tallest painted:${r > 150 && a > 0}`;
    chart.destroy();
    return result;
  }, '3 bars, tallest painted:true'],
  ['three', () => {
    // A scene graph and its maths (no WebGL context: the test machines have no GPU).
    const scene = new Scene();
    const mesh = new Mesh(new BoxGeometry(2, 2, 2), new MeshBasicMaterial({ color: 0xff0000 }));
    mesh.applyMatrix4(new Matrix4().makeTranslation(5, 0, 0));
    scene.add(mesh);
    scene.updateMatrixWorld(true);
    const box = new Box3().setFromObject(scene);
    return `${scene.children.length} ${box.min.toArray().join(',')} ${box.max.toArray().join(',')} ${new Vector3(3, 4, 0).length()}`;
  }, '1 4,-1,-1 6,1,1 5'],
  ['mathjs', () => `${evaluate('sqrt(3^2 + 4^2)')} ${derivative('x^2 + 3x', 'x').toString()} ${mathFormat(fraction(1, 3).add(fraction(1, 6)))} ${evaluate('2 inch to cm').toString()}`, '5 2 * x + 3 1/2 5.08 cm'],
  ['qrcode', async () => {
    const svg = await QRCode.toString('https://example.org/portcullis', { type: 'svg' });
    // The symbol itself too (toDataURL draws with createImageData, which the attenuated 2D context does not offer yet).
    const symbol = QRCode.create('portcullis', { errorCorrectionLevel: 'M' });
    return `${svg.startsWith('<svg') && svg.includes('<path')} version ${symbol.version}, ${symbol.modules.size}×${symbol.modules.size}`;
  }, 'true version 1, 21×21'],
  ['jspdf', () => {
    const doc = new jsPDF();
    doc.text('Hello from Portcullis', 10, 10);
    doc.addPage();
    const pdf = doc.output();
    return `${pdf.slice(0, 5)} pages:${doc.getNumberOfPages()} ${pdf.includes('Hello from Portcullis')}`;
  }, '%PDF- pages:2 true'],
  ['focus-trap', async () => {
    // A dialog widget that keeps focus inside it while open, and gives it back when closed.
    const outside = document.getElementById('before-dialog');
    outside.focus();
    const trap = createFocusTrap('#dialog', { initialFocus: '#dialog-ok', delayInitialFocus: false, allowOutsideClick: true });
    trap.activate();
    const inside = document.activeElement.id;
    outside.focus(); // focus leaving the dialog is brought back into it
    await new Promise((resolve) => setTimeout(resolve, 10));
    const kept = document.activeElement.id;
    trap.deactivate({ returnFocus: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    return `${inside} ${kept} ${document.activeElement.id}`;
  }, 'dialog-ok dialog-ok before-dialog'],
  ['hotkeys-js', () => { let hits = 0; hotkeys('ctrl+k', () => { hits++; }); hotkeys.trigger('ctrl+k'); hotkeys.unbind('ctrl+k'); return `hits ${hits}`; }, 'hits 1'],
];
