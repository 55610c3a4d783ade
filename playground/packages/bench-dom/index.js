// bench-dom: DOM-heavy work for `npm run bench`, done in an element the app hands over. Confined (a `dom` policy
// section), every call goes through Portcullis's wrappers; in the plain build the same code runs on real nodes.
// Needs no globals: `document` and `Event` are the facade's.

/**
 * n times: create a div, set its text, class and two attributes, append it to `container`, listen to `click` on it
 * and dispatch a click the package made. Then empties `container`. Returns the listener calls plus the children
 * counted before emptying (2n when all went through), so both builds provably did the same work.
 */
export function domWork(container, n) {
  let calls = 0;
  const onClick = () => {
    calls++;
  };
  for (let i = 0; i < n; i++) {
    const div = document.createElement('div');
    div.textContent = `item ${i}`;
    div.className = 'bench-item';
    div.setAttribute('data-index', String(i));
    div.setAttribute('title', `item ${i}`);
    container.append(div);
    div.addEventListener('click', onClick);
    div.dispatchEvent(new Event('click'));
  }
  const children = container.childElementCount;
  container.replaceChildren();
  return calls + children;
}
