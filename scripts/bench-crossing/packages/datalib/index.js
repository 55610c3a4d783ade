// A data library without a dom section: the app hands it large arrays and objects (the shallow crossing).
export function sum(list) {
  let s = 0;
  for (let i = 0; i < list.length; i++) s += list[i];
  return s;
}
export function sumPoints(points) {
  let s = 0;
  for (let i = 0; i < points.length; i++) s += points[i].x + points[i].y;
  return s;
}
export function stats(list) {
  let min = Infinity, max = -Infinity, total = 0;
  for (const v of list) {
    if (v < min) min = v;
    if (v > max) max = v;
    total += v;
  }
  return { min, max, mean: total / list.length };
}
export const lookup = (table, key) => table[key];
