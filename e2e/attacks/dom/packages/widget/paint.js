// Rows 65, 67, 68: painting over the app's content, URLs in CSS and SVG presentation attributes, and grants used
// for more than they say (an image that may load is read back; a canvas of the app's is read).
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function cover(el) {
  el.style.position = 'absolute';
  el.style.top = '0';
  el.style.left = '0';
  el.style.width = '100vw';
  el.style.height = '100vh';
  el.style.zIndex = '2147483647';
  el.style.background = 'rgba(255, 0, 0, 0.2)';
}
export function coverWithAbsolute(root) {
  const div = document.createElement('div');
  root.appendChild(div);
  cover(div);
}
export function coverWithNegativeMargin(root) {
  const div = document.createElement('div');
  root.appendChild(div);
  div.style.marginTop = '-3000px';
  div.style.marginLeft = '-3000px';
  div.style.width = '8000px';
  div.style.height = '8000px';
  div.style.position = 'relative';
  div.style.zIndex = '2147483647';
}
export function coverWithTransform(root) {
  const div = document.createElement('div');
  root.appendChild(div);
  div.style.width = '10px';
  div.style.height = '10px';
  div.style.transform = 'scale(400)';
}
/** The element the app gave it, moved over the page. */
export const coverWithTheRoot = (root) => cover(root);
export function coverFromTheTopLayer(root) {
  const div = document.createElement('div');
  div.setAttribute('popover', 'manual');
  root.appendChild(div);
  cover(div);
  div.showPopover();
}

const svg = (root) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  root.appendChild(el);
  return el;
};
export const svgFillUrl = (root, url) => svg(root).setAttribute('fill', `url(${url}#p)`);
export const svgMaskUrl = (root, url) => svg(root).setAttribute('mask', `url(${url}#m)`);
export const svgFilterUrl = (root, url) => svg(root).setAttribute('filter', `url(${url}#f)`);
export const svgCursorUrl = (root, url) => svg(root).setAttribute('cursor', `url(${url}), auto`);
export const svgStyleUrl = (root, url) => svg(root).setAttribute('style', `background-image: url(${url})`);
export function styleAttributeUrl(root, url) {
  const div = document.createElement('div');
  div.setAttribute('style', `width: 10px; height: 10px; background-image: url(${url})`);
  root.appendChild(div);
}
export function styleImageSet(root, url) {
  const div = document.createElement('div');
  div.style.width = '10px';
  div.style.height = '10px';
  div.style.background = `image-set("${url}" 1x)`;
  root.appendChild(div);
}
export function imageSrcset(root, url) {
  const img = document.createElement('img');
  img.setAttribute('srcset', `${url} 1x, /private.png 2x`);
  root.appendChild(img);
}

async function imageOnCanvas(root) {
  const img = document.createElement('img');
  img.setAttribute('src', '/private.png'); // 'self' may load: the grant says so
  root.appendChild(img);
  await wait(300);
  const canvas = document.createElement('canvas');
  canvas.width = 4;
  canvas.height = 4;
  root.appendChild(canvas);
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  return { canvas, context };
}
export async function readImagePixels(root) {
  const { context } = await imageOnCanvas(root);
  const d = context.getImageData(0, 0, 1, 1).data;
  return `${d[0]},${d[1]},${d[2]}`;
}
export async function readImageDataUrl(root) {
  const { canvas } = await imageOnCanvas(root);
  return canvas.toDataURL();
}
/** The app lets the widget draw on its canvas, on which the app drew something of its own first. */
export function readAppCanvas(canvas) {
  const d = canvas.getContext('2d').getImageData(0, 0, 1, 1).data;
  return `${d[0]},${d[1]},${d[2]}`;
}

/** The element the app gave it takes one of the app's own classes (its modal backdrop: fixed, full page). */
export const coverWithAppClass = (root) => {
  root.className = 'app-backdrop';
};
/** The app gave it an inline element (a counter's <span>): paint containment does not apply to inline boxes. */
export const coverFromInlineRoot = (root) => coverWithAbsolute(root);
/** Its own badge, which the app moved into its header: a child of the badge covers the page. */
export const coverFromBadge = (badge) => coverWithAbsolute(badge);
/** Removes the containment from the element the app gave it, then covers. */
export function uncontainTheRoot(root) {
  root.style.setProperty('contain', 'none', 'important');
  coverWithAbsolute(root);
}
export function styleEscapedUrl(root, url) {
  const div = document.createElement('div');
  div.style.width = '10px';
  div.style.height = '10px';
  div.style.background = `u\\72l(${url})`;
  root.appendChild(div);
}
export const htmlImageBeacon = (root, url) => {
  root.innerHTML = `<img src="${url}">`;
};
/** The app's canvas in the widget's element (a chart container): taken out and put back, then read. */
export function takeAppCanvasAndRead(root) {
  const canvas = root.querySelector('canvas');
  canvas.remove();
  root.appendChild(canvas);
  const d = canvas.getContext('2d').getImageData(0, 0, 1, 1).data;
  return `${d[0]},${d[1]},${d[2]}`;
}
/** Its own element takes the app's backdrop class (fixed, full page) inside the element the app gave it. */
export function coverChildWithAppClass(root) {
  const div = document.createElement('div');
  root.appendChild(div);
  div.className = 'app-backdrop';
}
function coverStyle(s) {
  s.position = 'absolute';
  s.top = '0';
  s.left = '0';
  s.width = '100vw';
  s.height = '100vh';
  s.zIndex = '2147483647';
  s.background = 'rgba(255, 0, 0, 0.2)';
}
/** Keeps the style of the app's element in its element; styles it after the app has taken it back. */
export function keepStyle(root) {
  const s = root.querySelector('div').style;
  return () => coverStyle(s);
}
/** Keeps the 2D context of the app's canvas in its element; draws after the app has taken it back. */
export function keepContext(root) {
  const c = root.querySelector('canvas').getContext('2d');
  return () => {
    c.fillStyle = 'rgb(250, 0, 0)';
    c.fillRect(0, 0, 4, 4);
  };
}
/** Takes the app's placeholder out of its element and styles it while it is detached, for when the app reuses it. */
export function restyleTakenNode(root) {
  const placeholder = root.querySelector('div');
  placeholder.remove();
  coverStyle(placeholder.style);
}
