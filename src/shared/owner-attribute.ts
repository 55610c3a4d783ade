/**
 * The attribute the attenuated DOM puts on every element a dom-mode package makes (its value: the package's name),
 * and that the package's stylesheets are confined to (src/plugin/css-scope.ts): no app element carries it, and a
 * package cannot put it on one, as it may not change the app's elements.
 */
export const OWNER_ATTRIBUTE = 'data-portcullis-owner';
