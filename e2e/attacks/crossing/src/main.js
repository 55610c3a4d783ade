// Values the app hands packages (THREATS.md row 51; issue 9 point 2, issue 11 point 6): a real element inside a
// Map, a Set, an array, a frozen class instance, an option, a callback's result or argument, a promise, an
// iterator, a thrown value, to a dom-mode package (`widget`) and to one without a dom section (`datalib`). Each
// attack is after the real window. Then what the membrane module must keep: default export, `export *`, live
// bindings, CommonJS default, classes.
import * as widget from 'widget';
import { Widget } from 'widget';
import * as datalib from 'datalib';
import { Chart } from 'datalib';
import area, { count, increment, PI, Circle } from 'shapes';
import legacy from 'legacy';
import * as framework from 'framework';
import { attack, done } from './harness/attack.js';

const isWindow = (value) => value === window;
const el = () => {
  const node = document.createElement('div');
  document.body.append(node);
  return node;
};
class View {
  constructor(root = document.body) {
    this.root = root;
  }
}
class Source {
  #el = el();
  element() {
    return this.#el;
  }
}

// To the dom-mode widget.
attack('widget-map-value', () => widget.fromMap(new Map([['a', el()]])), isWindow);
attack('widget-map-key', () => widget.fromMapKey(new Map([[el(), 1]])), isWindow);
attack('widget-set', () => widget.fromSet(new Set([el()])), isWindow);
attack('widget-array', () => widget.fromArray([1, el()]), isWindow);
attack('widget-frozen-instance', () => widget.fromFrozenInstance(Object.freeze(new View(el()))), isWindow);
attack('widget-option', () => widget.fromOption({ el: el() }), isWindow);
attack('widget-getter', () => widget.fromGetter({ get container() { return el(); } }), isWindow);
attack('widget-method', () => widget.fromMethod(new Source()), isWindow);
attack('widget-callback-result', () => widget.fromCallbackResult(() => el()), isWindow);
attack('widget-promise', () => widget.fromPromise(Promise.resolve(el())), isWindow);
attack('widget-iterator', () => widget.fromIterator((function* () { yield el(); })()), isWindow);
attack('widget-thrown', () => widget.fromThrown(() => { throw { el: el() }; }), isWindow);
attack('widget-callback-argument', () => widget.listener()(el()), isWindow);
attack('widget-typed-array', () => { const bytes = new Uint8Array(4); bytes.el = el(); return widget.fromTypedArray(bytes); }, isWindow);
attack('widget-instance-prototype', () => widget.fromInstancePrototype(new View(el())), isWindow);
attack('widget-event', () => widget.fromEvent(new MouseEvent('click', { view: window })), isWindow);
attack('widget-class', () => new Widget(el()).reach(), isWindow);
attack('widget-subclass', () => {
  const node = el();
  class Fancy extends Widget {
    provide() {
      return node;
    }
  }
  return new Fancy(el()).hook();
}, isWindow);

// To datalib, which has no dom section.
attack('datalib-argument', () => datalib.fromArgument(el()), isWindow);
attack('datalib-option', () => datalib.fromOption({ el: el() }), isWindow);
attack('datalib-map', () => datalib.fromMap(new Map([['a', el()]])), isWindow);
attack('datalib-set', () => datalib.fromSet(new Set([el()])), isWindow);
attack('datalib-array', () => datalib.fromArray([1, el()]), isWindow);
attack('datalib-frozen-instance', () => datalib.fromFrozenInstance(Object.freeze(new View(el()))), isWindow);
attack('datalib-callback-result', () => datalib.fromCallbackResult(() => el()), isWindow);
attack('datalib-promise', () => datalib.fromPromise(Promise.resolve(el())), isWindow);
attack('datalib-callback-argument', () => datalib.listener()(el()), isWindow);
attack('datalib-instance-method', () => new Chart().attach(el()), isWindow);
attack('datalib-static', () => Chart.draw({ canvas: el() }), isWindow);
attack('legacy-cjs-default', () => legacy.toCanvas(el(), 'text'), isWindow);

// What must keep working (reached in both builds).
const mountPoint = document.getElementById('mount');
// A full-power package's own dependencies (focus-trap > tabbable): what it hands them crosses as the app's does.
attack('framework-element-to-widget', () => framework.elementToWidget(el()), isWindow);
attack('framework-body-to-widget', () => framework.bodyToWidget(), isWindow);
attack('framework-callback-to-widget', () => framework.callbackToWidget(), isWindow);
attack('framework-thrown-to-widget', () => framework.thrownToWidget(), isWindow);
attack('works-framework-dependencies', () => framework.total([1, 2]) === 3 && framework.label(el(), 'hi'));
attack('works-widget-mount', () => widget.mount(mountPoint, { text: 'hello' }) === mountPoint && mountPoint.textContent === 'hello');
attack('works-datalib-sum', () => datalib.sum([1, 2, 3]) === 6 && datalib.sum(new Float64Array([1, 2])) === 3);
attack('works-default-export', () => area(2, 3) === 6);
attack('works-export-star', () => PI === 3.14 && new Circle(1).area() === 3.14 && new Circle(1) instanceof Circle);
attack('works-live-binding', () => count === 0 && increment() === 1 && count === 1);
attack('works-cjs-default', () => typeof legacy.toCanvas === 'function' && legacy.version === '1.0');
done();
