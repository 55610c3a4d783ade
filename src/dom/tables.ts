// One package's per-node and per-event tables, as stamps (../boundary/stamp.ts): private fields on the real nodes and
// events, which the package never holds (it holds wrappers). A WeakMap or WeakSet entry per node the package makes
// and per event it dispatches is an ephemeron every garbage collection walks; the DOM micro-benchmark makes four of
// them per iteration. (The node an event of its own was dispatched on is a field of the event's wrapper, events.ts.)
// Each call makes new fields, so no package's tables are another's.
import { createMarks, createStamp, type Marks, type Stamp } from '../boundary/stamp.js';
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

export function createDomTables(): DomTables {
  return {
    wrappers: createStamp<object>(),
    owned: createMarks<Node>(),
    taken: createMarks<Node>(),
    events: createStamp<object>(),
    listeners: createStamp<Entry[]>(),
  };
}
