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
