// One package's per-node and per-event tables, as stamps (../boundary/stamp.ts): private fields on the real nodes and
// events, which the package never holds (it holds wrappers). A WeakMap or WeakSet entry per node the package makes
// and per event it dispatches is an ephemeron every garbage collection walks; the DOM micro-benchmark makes four of
// them per iteration. What the package knows of a node (its wrapper, owned or taken, its listeners) is one record in
// one field: each new field on a node is a shape change and, past the node's fixed slots, a reallocation (measured in
// Firefox: the stamps were 10 % of the DOM micro-benchmark as three fields a node). (The node an event of its own was
// dispatched on is a field of the event's wrapper, events.ts.) Each call makes new fields, so no package's tables
// are another's.
import { createStamp, type Marks, type Stamp } from '../boundary/stamp.js';
import type { Entry } from './events.js';

export interface DomTables {
  /** The one wrapper of each real node (facade.ts). */
  wrappers: Stamp<object>;
  /** Nodes the package made (scope.ts). */
  owned: Marks<Node>;
  /** Nodes it took out of its tree or copied from one it did not make (scope.ts). */
  taken: Marks<Node>;
  /** The package's wrapper of each real event (events.ts). */
  events: Stamp<object>;
  /** Each target's listeners, for the dispatches done here (events.ts). The window and document: a WeakMap. */
  listeners: Stamp<Entry[]>;
}

interface NodeFacts {
  wrapper: object | undefined;
  owned: boolean;
  taken: boolean;
  listeners: Entry[] | undefined;
}

export function createDomTables(): DomTables {
  const facts = createStamp<NodeFacts>();
  const factsOf = (key: object): NodeFacts => {
    let f = facts.get(key);
    if (f === undefined) facts.set(key, (f = { wrapper: undefined, owned: false, taken: false, listeners: undefined }));
    return f;
  };
  return {
    wrappers: {
      get: (key) => facts.get(key)?.wrapper,
      set: (key, value) => void (factsOf(key).wrapper = value),
      has: (key) => facts.get(key)?.wrapper !== undefined,
    },
    owned: {
      add: (key) => void (factsOf(key).owned = true),
      has: (key) => facts.get(key)?.owned === true,
    },
    taken: {
      add: (key) => void (factsOf(key).taken = true),
      has: (key) => facts.get(key)?.taken === true,
    },
    events: createStamp<object>(),
    listeners: {
      get: (key) => facts.get(key)?.listeners,
      set: (key, value) => void (factsOf(key).listeners = value),
      has: (key) => facts.get(key)?.listeners !== undefined,
    },
  };
}
