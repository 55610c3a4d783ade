// The app's own globals, granted to error-monitor by the policy: a registry of its elements (empty while the
// packages load, filled by the app afterwards) and an API it froze. Imported first, so they exist when the packages'
// compartments are made.
const root = document.getElementById('app-button');
const registry = new Map();
window.appRegistry = registry;
const elements = Object.freeze(() => new Map([['root', root], ['nodes', new Set([root])], ['ref', new WeakRef(root)]]));
window.appApi = Object.freeze({ withRoot: Object.freeze((callback) => callback(root)), elements });
export const fillRegistry = () => registry.set('root', root);
