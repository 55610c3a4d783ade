// The corpus's second set: widgets that draw into elements the app hands them, canvas and SVG drawing, editors'
// building blocks, state machines and crypto. CommonJS (crypto-js, hammerjs, mousetrap, prismjs,
// katex's dist, sortablejs's main, mustache) and ESM (the rest). Same contract as checks.js.
import { animate } from 'animejs';
import confetti from 'canvas-confetti';
import Choices from 'choices.js';
import chroma from 'chroma-js';
import CryptoJS from 'crypto-js';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import Hammer from 'hammerjs';
import katex from 'katex';
import Konva from 'konva';
import { DateTime, Duration } from 'luxon';
import Mousetrap from 'mousetrap';
import Mustache from 'mustache';
import Prism from 'prismjs';
import { io } from 'socket.io-client';
import Sortable from 'sortablejs';
import tippy from 'tippy.js';
import { createActor, createMachine } from 'xstate';

const byId = (id) => document.getElementById(id);
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const checks = [
  ['luxon', () => `${DateTime.fromISO('2024-02-29T10:00:00', { zone: 'utc' }).plus({ years: 1 }).toISODate()} ${DateTime.fromObject({ year: 2024, month: 3, day: 1 }).setLocale('en-US').toFormat('cccc, LLLL d')} ${Duration.fromObject({ hours: 2, minutes: 30 }).as('minutes')}`,
    '2025-02-28 Friday, March 1 150'],
  ['chroma-js', () => `${chroma.mix('#ff0000', '#0000ff', 0.5, 'rgb').hex()} ${chroma.scale(['white', 'black'])(0.5).hex()} ${chroma('teal').darken().hex()}`, '#800080 #808080 #005354'],
  ['crypto-js', () => {
    const secret = CryptoJS.AES.encrypt('attack at dawn', 'passphrase').toString();
    return `${CryptoJS.SHA256('abc').toString().slice(0, 16)} ${CryptoJS.AES.decrypt(secret, 'passphrase').toString(CryptoJS.enc.Utf8)}`;
  }, 'ba7816bf8f01cfea attack at dawn'],
  ['mustache', () => Mustache.render('Hi {{name}}! {{#items}}[{{.}}]{{/items}}', { name: '<b>', items: [1, 2] }), 'Hi &lt;b&gt;! [1][2]'],
  ['xstate', () => {
    const toggle = createMachine({ id: 'toggle', initial: 'off', context: { flips: 0 }, states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });
    const actor = createActor(toggle).start();
    actor.send({ type: 'FLIP' }); actor.send({ type: 'FLIP' }); actor.send({ type: 'FLIP' });
    const value = actor.getSnapshot().value;
    actor.stop();
    return value;
  }, 'on'],
  ['socket.io-client', () => {
    // Made, not connected (no server): the client's options and state.
    const socket = io('/', { autoConnect: false, path: '/rt' });
    return `${socket.connected} ${socket.io.opts.path} ${typeof socket.emit}`;
  }, 'false /rt function'],
  ['prismjs', () => Prism.highlight('const a = 1;', Prism.languages.javascript, 'javascript'),
    '<span class="token keyword">const</span> a <span class="token operator">=</span> <span class="token number">1</span><span class="token punctuation">;</span>'],
  ['katex', () => {
    const host = byId('katex-host');
    katex.render('x^2', host, { output: 'mathml' });
    return `${katex.renderToString('\\frac{1}{2}', { output: 'mathml' }).includes('<mfrac>')} ${host.querySelector('msup') !== null}`;
  }, 'true true'],
  ['d3', () => {
    // d3-scale maps, d3-shape draws the line, d3-selection joins the data into the app's <svg>.
    const x = scaleLinear().domain([0, 2]).range([0, 100]);
    const y = scaleLinear().domain([0, 10]).range([50, 0]);
    const svg = select(byId('d3-host'));
    svg.append('path').attr('d', line().x((d, i) => x(i)).y((d) => y(d))([2, 8, 5]));
    svg.selectAll('circle').data([2, 8, 5]).join('circle').attr('cx', (d, i) => x(i)).attr('cy', (d) => y(d)).attr('r', 2);
    const real = byId('d3-host');
    return `${real.querySelector('path').getAttribute('d')} ${Array.from(real.querySelectorAll('circle'), (c) => Math.round(c.getAttribute('cy'))).join(',')}`;
  }, 'M0,40L50,10L100,25 40,10,25'],
  ['konva', () => {
    const stage = new Konva.Stage({ container: byId('konva-host'), width: 100, height: 60 });
    const layer = new Konva.Layer();
    layer.add(new Konva.Rect({ x: 10, y: 10, width: 30, height: 20, fill: 'red', name: 'box' }));
    stage.add(layer);
    layer.draw();
    const hit = stage.getIntersection({ x: 20, y: 20 });
    const miss = stage.getIntersection({ x: 80, y: 50 });
    const result = `${hit && hit.name()} ${miss} ${byId('konva-host').querySelectorAll('canvas').length}`;
    stage.destroy();
    return result;
  }, 'box null 1'],
  ['sortablejs', () => {
    const list = byId('sortable-list');
    const sortable = Sortable.create(list, { animation: 0, dataIdAttr: 'data-id' });
    const before = sortable.toArray().join('');
    sortable.sort(['c', 'a', 'b']);
    const result = `${before} ${Array.from(list.children, (li) => li.dataset.id).join('')}`;
    sortable.destroy();
    return result;
  }, 'abc cab'],
  ['tippy.js', async () => {
    const instance = tippy(byId('tippy-ref'), { content: 'Tip text', trigger: 'manual', duration: 0, appendTo: () => byId('tippy-layer') });
    instance.show();
    await wait(30);
    const shown = byId('tippy-layer').querySelector('[data-tippy-root]');
    const result = `${instance.state.isShown} ${shown ? shown.textContent : 'none'}`;
    instance.destroy();
    return result;
  }, 'true Tip text'],
  ['choices.js', () => {
    const choices = new Choices(byId('choices-select'), { choices: [{ value: 'a', label: 'Apple' }, { value: 'b', label: 'Banana' }], shouldSort: false });
    choices.setChoiceByValue('b');
    const result = `${choices.getValue(true)} ${byId('choices-select').value}`;
    choices.destroy();
    return result;
  }, 'b b'],
  ['canvas-confetti', async () => {
    const canvas = byId('confetti');
    const fire = confetti.create(canvas, { resize: false, useWorker: false });
    const done = fire({ particleCount: 40, spread: 70, ticks: 30, origin: { x: 0.5, y: 0.5 }, disableForReducedMotion: false });
    let painted = false;
    for (let frame = 0; frame < 30 && !painted; frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      painted = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0);
    }
    await done;
    return `painted:${painted}`;
  }, 'painted:true'],
  ['animejs', async () => {
    const el = byId('anime-box');
    const animation = animate(el, { translateX: 100, duration: 30, ease: 'linear' });
    await animation.then();
    return el.style.transform;
  }, 'translateX(100px)'],
  ['hammerjs', () => {
    const el = byId('hammer-pad');
    const manager = new Hammer(el);
    const seen = [];
    manager.on('tap', (event) => seen.push(event.type));
    // A mouse click as the browser fires it: pointer events, then the compatibility mouse events.
    const at = { clientX: 5, clientY: 5, pointerId: 1, pointerType: 'mouse', isPrimary: true, bubbles: true, button: 0, buttons: 1 };
    el.dispatchEvent(new PointerEvent('pointerdown', at));
    el.dispatchEvent(new MouseEvent('mousedown', at));
    el.dispatchEvent(new PointerEvent('pointerup', { ...at, buttons: 0 }));
    el.dispatchEvent(new MouseEvent('mouseup', { ...at, buttons: 0 }));
    manager.destroy();
    return seen.join(',');
  }, 'tap'],
  ['mousetrap', () => {
    let hits = 0;
    Mousetrap.bind('g i', () => { hits++; });
    Mousetrap.trigger('g i');
    Mousetrap.reset();
    return `hits ${hits}`;
  }, 'hits 1'],
];
