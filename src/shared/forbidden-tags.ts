/** Tags that create realms or run code: never grantable in a policy's `dom.create` (THREATS.md rows 19, 23–24, 35). */
export const FORBIDDEN_TAGS: ReadonlySet<string> = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'meta', 'link', 'portal', 'fencedframe',
]);
