// Row 54: a narrow storage grant reaches the whole origin's stores: the app's keys, its databases and caches.
export const readAppKey = () => localStorage.getItem('app-token');
export const listKeys = () => {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
  return keys;
};
export const objectKeys = () => Object.keys(localStorage);
export const clearAll = () => {
  localStorage.clear();
  return true;
};
export const readSession = () => sessionStorage.getItem('app-token');
export const readAppDatabase = () =>
  new Promise((resolve, reject) => {
    const request = indexedDB.open('app-db');
    request.onsuccess = () => {
      try {
        const get = request.result.transaction('kv').objectStore('kv').get('token');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      } catch (error) {
        reject(error);
      }
    };
    request.onerror = () => reject(request.error);
  });
export const listDatabases = async () => (await indexedDB.databases()).map((d) => d.name);
export const listCaches = () => caches.keys();
// A cross-tab sync helper: it listens for `storage` events (a whole addEventListener grant) and reads the store the
// event names. Resolves with `key=the app's token read through event.storageArea`, or null when nothing is heard.
export const hearStorage = () =>
  new Promise((resolve) => {
    const listener = (event) => {
      removeEventListener('storage', listener);
      resolve(`${event.key}=${event.storageArea.getItem('app-token')}`);
    };
    addEventListener('storage', listener);
    setTimeout(() => {
      removeEventListener('storage', listener);
      resolve(null);
    }, 100);
  });
// A cross-tab helper with a BroadcastChannel grant joins the app's own channel by its name (row 54).
export const hearChannel = () =>
  new Promise((resolve) => {
    const channel = new BroadcastChannel('app-auth');
    const done = (value) => {
      channel.close();
      resolve(value);
    };
    channel.onmessage = (event) => done(event.data);
    setTimeout(() => done(null), 300);
  });
