/**
 * Tags that create realms or run code (THREATS.md rows 19, 23–24, 35), and `style`, whose rules reach the whole page
 * (UI redress) and the network (`@import`, `url()`): never grantable in a policy's `dom.create`.
 */
export const FORBIDDEN_TAGS: ReadonlySet<string> = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'meta', 'link', 'portal', 'fencedframe', 'style',
]);
