// The corpus's third set: storage, immutable data, compression, big numbers, colours, a rich-text editor, a map,
// archives, and small widgets that work on an element the app hands them. Same contract as checks.js.
import BigNumber from 'bignumber.js';
import ClipboardJS from 'clipboard';
import { CountUp } from 'countup.js';
import { List, Map as IMap } from 'immutable';
import L from 'leaflet';
import localforage from 'localforage';
import mediumZoom from 'medium-zoom';
import { deflate, inflate } from 'pako';
import { schema } from 'prosemirror-schema-basic';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import tinycolor from 'tinycolor2';
import JSZip from 'jszip';

const byId = (id) => document.getElementById(id);
/** A job that may never settle (PENDING in e2e/corpus.spec.ts) fails after `ms` instead of holding the page. */
const within = (ms, promise) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no result after ${ms} ms`)), ms))]);

export const checks = [
  ['localforage', async () => {
    await localforage.setItem('corpus', { list: [1, 2] });
    const back = await localforage.getItem('corpus');
    await localforage.removeItem('corpus');
    return `${localforage.driver()} ${JSON.stringify(back)} ${await localforage.getItem('corpus')}`;
  }, 'asyncStorage {"list":[1,2]} null'],
  ['immutable', () => {
    const a = IMap({ n: 1, tags: List(['x']) });
    const b = a.set('n', 2).update('tags', (t) => t.push('y'));
    return `${JSON.stringify(a.toJS())} ${JSON.stringify(b.toJS())} ${a.equals(IMap({ n: 1, tags: List(['x']) }))}`;
  }, '{"n":1,"tags":["x"]} {"n":2,"tags":["x","y"]} true'],
  ['pako', () => {
    const text = 'portcullis '.repeat(50);
    const packed = deflate(new TextEncoder().encode(text));
    return `${packed.length < 60} ${new TextDecoder().decode(inflate(packed)) === text}`;
  }, 'true true'],
  ['bignumber.js', () => `${new BigNumber('0.1').plus('0.2').toString()} ${new BigNumber(2).exponentiatedBy(100).toFixed()}`, '0.3 1267650600228229401496703205376'],
  ['tinycolor2', () => `${tinycolor('red').lighten(10).toHexString()} ${tinycolor.mostReadable('#123', ['#fff', '#000']).toHexString()}`, '#ff3333 #ffffff'],
  ['countup.js', () => new Promise((resolve) => {
    const el = byId('countup');
    const counter = new CountUp(el, 1234, { duration: 0.05 });
    counter.start(() => resolve(el.textContent));
  }), '1,234'],
  ['prosemirror', () => {
    // prosemirror-model, -state, -view and -schema-basic: an editor in the app's element, edited by a transaction.
    const host = byId('editor');
    const view = new EditorView(host, { state: EditorState.create({ schema, doc: schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Hello')])]) }) });
    view.dispatch(view.state.tr.insertText(' world', 6));
    const result = `${view.state.doc.textContent} | ${host.querySelector('p').textContent} ${host.querySelector('[contenteditable]') !== null}`;
    view.destroy();
    return result;
  }, 'Hello world | Hello world true'],
  ['leaflet', () => {
    // A map view with an SVG circle (no tiles: no network).
    const map = L.map(byId('map'), { center: [51.5, -0.09], zoom: 13, zoomAnimation: false, fadeAnimation: false });
    L.circleMarker([51.5, -0.09], { radius: 8 }).addTo(map);
    const point = map.latLngToContainerPoint([51.5, -0.09]);
    const result = `${map.getZoom()} ${Math.round(point.x)},${Math.round(point.y)} ${byId('map').querySelectorAll('svg path.leaflet-interactive').length}`;
    map.remove();
    return result;
  }, '13 100,50 1'],
  ['medium-zoom', () => {
    const zoom = mediumZoom(byId('zoom-img'), { margin: 10 });
    const result = `${zoom.getImages().length} ${byId('zoom-img').classList.contains('medium-zoom-image')}`;
    zoom.detach();
    return result;
  }, '1 true'],
  ['jszip', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'Hello, zip');
    zip.folder('docs').file('a.json', '{"a":1}');
    const bytes = await within(3000, zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const back = await within(3000, JSZip.loadAsync(bytes));
    return `${bytes[0]},${bytes[1]} ${Object.keys(back.files).sort().join(' ')} ${await back.file('hello.txt').async('string')}`;
  }, '80,75 docs/ docs/a.json hello.txt Hello, zip'],
  ['clipboard', () => {
    const clipboard = new ClipboardJS(byId('copy-btn'));
    let copied = 'none';
    clipboard.on('success', (e) => { copied = e.text; });
    clipboard.on('error', (e) => { copied = `error ${e.action}`; });
    byId('copy-btn').click();
    clipboard.destroy();
    return `${ClipboardJS.isSupported()} ${copied}`;
  }, /^true (copy me|error copy)$/],
];
