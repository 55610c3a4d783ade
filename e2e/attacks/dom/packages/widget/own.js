// The widget's own element: made, given its attributes, appended to `root` (each round's attacks start from one).
export function own(root, tag, attributes = {}) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  root.appendChild(el);
  return el;
}
