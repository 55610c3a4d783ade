// Test helper: the intrinsics of the test process, standing in for a compartment's (there is no lockdown here).
import { collectIntrinsics } from './intrinsics.js';

export const testIntrinsics = () =>
  collectIntrinsics([Object, Function, Array, Map, Set, WeakMap, Promise, Error, TypeError, RangeError, Symbol, Reflect, JSON, Math, Date, RegExp, ArrayBuffer, Uint8Array, Float64Array, DataView, String, Number, Boolean]);
