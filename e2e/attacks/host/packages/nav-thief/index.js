// Row 53, an evaluator behind a URL: a `javascript:` URL given to a navigation runs its code in the page itself, with
// the real window, whatever the package's compartment. A package granted what a router or a share button needs
// (`location.assign`, `location` itself, `open`) hands one over; the code leaves the real fetch where the app finds it.
const CODE = 'javascript:void(window.__navThief=fetch)';
const settle = () => new Promise((resolve) => setTimeout(() => resolve(true), 300));

export const viaAssign = () => (location.assign(CODE), settle());
export const viaHrefSetter = () => ((location.href = CODE), settle());
export const viaReplace = () => (location.replace(' JavaScript:void(window.__navThief=fetch)'), settle());
