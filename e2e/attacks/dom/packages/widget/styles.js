// Rows 62 and 65 through the widget's own stylesheet (widget.css): in a plain build it is global, so its selectors
// read the page and paint on the app's elements; no URL is involved, so the CSS origins rule has nothing to refuse.
import './widget.css';

/** The innocent part: the widget's own element, styled by its stylesheet (3 px wide). */
export function ownStyledBadge(root) {
  const badge = document.createElement('span');
  badge.className = 'w-badge';
  root.append(badge);
  return badge.offsetWidth;
}

/** An oracle over the page with no selector API and no URL: 7 px wide when the app's session starts with "s3". */
export function sessionThroughStylesheet(root) {
  const probe = document.createElement('span');
  probe.className = 'w-probe';
  root.append(probe);
  return probe.offsetWidth;
}

/** A toast the app places where it likes: the stylesheet makes its own box cover the page. */
export function toastForTheApp() {
  const toast = document.createElement('div');
  toast.className = 'w-cover';
  return toast;
}

/** A panel in its element, which the app later moves into its own header (a portal): the stylesheet's spill, held
 * in by the element the app gave the widget, would then cover the page. */
export function movablePanel(root) {
  const panel = document.createElement('div');
  panel.className = 'w-movable';
  const spill = document.createElement('div');
  spill.className = 'w-spill';
  panel.append(spill);
  root.append(panel);
}
