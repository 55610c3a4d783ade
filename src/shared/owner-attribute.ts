/**
 * The attribute the attenuated DOM puts on every element a dom-mode package makes (its value: the package's name),
 * and that the package's stylesheets are confined to (src/plugin/css-scope.ts): no app element carries it, and a
 * package cannot put it on one, as it may not change the app's elements.
 */
export const OWNER_ATTRIBUTE = 'data-portcullis-owner';

/**
 * The attribute on each wall of a dom-mode package (an element the app gave it, one of its own the app took): a
 * space-separated list of packages. Its stylesheets style its marked elements only inside one of its walls, so an
 * element of its own that the app moved elsewhere (a portal, a drag and drop) is no longer styled by them, nor is
 * what the package put in it, which no wall contains there. Portcullis's too: no package sets or removes it.
 */
export const WALL_ATTRIBUTE = 'data-portcullis-wall';

/** The attributes a package may never set or remove. */
export const isPortcullisAttribute = (name: string) => name === OWNER_ATTRIBUTE || name === WALL_ATTRIBUTE;
