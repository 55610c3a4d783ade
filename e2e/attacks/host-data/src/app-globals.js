// The app's own globals, defined before any package runs: GTM's queue, the app's configuration, a Sentry-style record.
window.dataLayer = window.dataLayer || [];
window.dataLayer.push({ event: 'gtm.js', 'gtm.start': 1 });
window.__APP_CONFIG__ = { apiUrl: '/api', allowedOrigins: ['https://app.example'] };
window.Sentry = {
  captured: [],
  captureException(error) {
    this.captured.push(error);
    return `event-${this.captured.length}`;
  },
};
