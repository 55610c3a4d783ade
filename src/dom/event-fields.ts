// The fields of an event a package may read: numbers, strings and booleans only, read from the real event at each
// read (a getter each, fixed: not configurable, so never guarded, guard.ts). Anything else is refused (events.ts).
import { defineProperty } from '../boundary/primordials.js';

export const NUMBER_FIELDS = [
  'clientX', 'clientY', 'pageX', 'pageY', 'screenX', 'screenY', 'offsetX', 'offsetY', 'movementX', 'movementY',
  'button', 'buttons', 'deltaX', 'deltaY', 'deltaZ', 'deltaMode', 'pointerId', 'width', 'height', 'pressure',
  'timeStamp', 'detail' /* UIEvent click count; CustomEvent's detail is handled apart */,
] as const;
export const STRING_FIELDS = ['type', 'key', 'code', 'pointerType', 'inputType'] as const;
export const BOOLEAN_FIELDS = ['bubbles', 'cancelable', 'defaultPrevented', 'isTrusted', 'altKey', 'ctrlKey', 'metaKey', 'shiftKey', 'repeat', 'isPrimary', 'composed'] as const;

/** A getter per field on `proto`, reading the real event behind the wrapper (`realEvent` checks the brand). */
export function defineEventFields(proto: object, realEvent: (wrapper: object) => Event): void {
  const readField = (name: string, kind: 'number' | 'string' | 'boolean') =>
    function (this: object) {
      const value = (realEvent(this) as unknown as Record<string, unknown>)[name];
      return typeof value === kind ? value : undefined;
    };
  for (const name of NUMBER_FIELDS) defineProperty(proto, name, { get: readField(name, 'number'), configurable: false });
  for (const name of STRING_FIELDS) defineProperty(proto, name, { get: readField(name, 'string'), configurable: false });
  for (const name of BOOLEAN_FIELDS) defineProperty(proto, name, { get: readField(name, 'boolean'), configurable: false });
}
