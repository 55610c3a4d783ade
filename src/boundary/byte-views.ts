// Typed arrays and DataViews cross every way as fresh views of the same kind, offset and length: their methods need
// the internal slots (a proxy of one throws), and whatever was hung on the original stays there. Which buffer the
// fresh view is made over (the same bytes, or a copy of them) is the caller's rule.
import { apply, getOwnPropertyDescriptor, getPrototypeOf } from './primordials.js';

const getter = (proto: object, key: PropertyKey) => getOwnPropertyDescriptor(proto, key)!.get!;
const TypedArrayProto = getPrototypeOf(Uint8Array.prototype) as object;
const TypedArrayTag = getter(TypedArrayProto, Symbol.toStringTag);
const TypedArrayBuffer = getter(TypedArrayProto, 'buffer');
const TypedArrayOffset = getter(TypedArrayProto, 'byteOffset');
const TypedArrayLength = getter(TypedArrayProto, 'length');
const DataViewBuffer = getter(DataView.prototype, 'buffer');
const DataViewOffset = getter(DataView.prototype, 'byteOffset');
const DataViewLength = getter(DataView.prototype, 'byteLength');
const DataViewCtor = DataView;
const TYPED_ARRAYS: Record<string, new (buffer: ArrayBufferLike, offset: number, length: number) => object> = {};
for (const C of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
  TYPED_ARRAYS[C.name] = C as never;
}

/** A fresh view like `value` (whose slot kind the caller checked) over `bufferFor(its buffer)`. */
export function freshView(kind: 'TypedArray' | 'DataView', value: object, bufferFor: (buffer: object) => object): object {
  if (kind === 'DataView') {
    const buffer = bufferFor(apply(DataViewBuffer, value, []) as object) as ArrayBuffer;
    return new DataViewCtor(buffer, apply(DataViewOffset, value, []) as number, apply(DataViewLength, value, []) as number);
  }
  const Ctor = TYPED_ARRAYS[apply(TypedArrayTag, value, []) as string]!;
  const buffer = bufferFor(apply(TypedArrayBuffer, value, []) as object) as ArrayBuffer;
  return new Ctor(buffer, apply(TypedArrayOffset, value, []) as number, apply(TypedArrayLength, value, []) as number);
}
