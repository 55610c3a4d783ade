// MutationObserver for a dom-mode package. Threat (row 7): observer records carry raw nodes (target, addedNodes,
// removedNodes, previousSibling, nextSibling). Here the package observes only its own nodes, and every record is a
// frozen copy whose nodes are its wrappers, or null when outside what it may see. Invariant 4, sight: a record of a
// node that is no longer in the package's scope (the app moved it out) is dropped whole, count and values included.
import type { DomContext } from './context.js';
import { freeze } from '../boundary/primordials.js';

export function createMutationObserverClass(ctx: DomContext) {
  const RealObserver = ctx.real.window.MutationObserver;
  const observers = new WeakMap<object, MutationObserver>();
  const wrapList = (list: NodeList) => freeze(Array.from(list, (n) => ctx.wrapInScope(n)).filter((w) => w !== null));
  const copy = (r: MutationRecord) =>
    freeze({
      type: r.type,
      target: ctx.wrapInScope(r.target),
      addedNodes: wrapList(r.addedNodes),
      removedNodes: wrapList(r.removedNodes),
      previousSibling: ctx.wrapInScope(r.previousSibling),
      nextSibling: ctx.wrapInScope(r.nextSibling),
      attributeName: r.attributeName,
      // An attribute's old value as the package wrote it (its ids are prefixed: ids.ts).
      oldValue: r.type === 'attributes' && r.oldValue !== null && r.attributeName !== null
        ? ctx.rules.ids.fromReal(ctx.real.element.namespaceURI(r.target) as string | null, r.attributeName, r.oldValue)
        : r.oldValue,
    });

  const inScope = (records: MutationRecord[]) => records.filter((r) => ctx.inScope(r.target));

  return class MutationObserver {
    constructor(callback: unknown) {
      if (typeof callback !== 'function') throw new TypeError('MutationObserver: callback must be a function');
      const fn = callback as (records: readonly object[], observer: object) => void;
      observers.set(this, new RealObserver((records) => {
        const seen = inScope(records);
        if (seen.length) fn.call(this, freeze(seen.map(copy)), this);
      }));
    }
    observe(target: unknown, options?: { childList?: unknown; attributes?: unknown; subtree?: unknown; characterData?: unknown; attributeOldValue?: unknown; characterDataOldValue?: unknown; attributeFilter?: unknown }) {
      const node = ctx.unwrap(target);
      if (!node) throw new TypeError('MutationObserver.observe: expected a node of this package');
      if (!ctx.inScope(node)) ctx.deny('MutationObserver.observe of a node outside the package\'s elements');
      const o = options ?? {};
      // Options read once, as plain values (row 17).
      const init: MutationObserverInit = {
        childList: Boolean(o.childList), attributes: Boolean(o.attributes), subtree: Boolean(o.subtree),
        characterData: Boolean(o.characterData), attributeOldValue: Boolean(o.attributeOldValue),
        characterDataOldValue: Boolean(o.characterDataOldValue),
      };
      if (Array.isArray(o.attributeFilter)) init.attributeFilter = o.attributeFilter.map(String);
      observers.get(this)!.observe(node, init);
    }
    disconnect() {
      observers.get(this)?.disconnect();
    }
    takeRecords() {
      return freeze(inScope(observers.get(this)?.takeRecords() ?? []).map(copy));
    }
  };
}
