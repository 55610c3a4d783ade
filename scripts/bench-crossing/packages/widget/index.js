// A dom-mode widget the app hands an element and options (the deep crossing): a list of rows, colours, a callback.
export function render(el, options) {
  const doc = el.ownerDocument;
  el.textContent = '';
  let total = 0;
  for (const row of options.rows) {
    const div = doc.createElement('div');
    div.textContent = row.label;
    div.style.color = options.colors[row.id % options.colors.length];
    el.appendChild(div);
    total += row.value;
  }
  options.onRendered(total);
  return el.childNodes.length;
}
export function sum(list) {
  let s = 0;
  for (let i = 0; i < list.length; i++) s += list[i];
  return s;
}
