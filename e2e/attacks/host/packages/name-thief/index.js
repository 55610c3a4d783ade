// Row 54, names the origin shares through host functions: a token-refresh helper granted navigator.locks steals the
// app's own lock and lists the origin's lock names; an OPFS cache granted navigator.storage.getDirectory opens the
// origin's root, where the app keeps its files.
export const stealLock = () =>
  new Promise((resolve) => {
    navigator.locks.request('app-refresh', { steal: true }, (lock) => {
      resolve(lock.name);
      return new Promise(() => {});
    }).catch(() => {});
  });
export const lockNames = async () => {
  const { held, pending } = await navigator.locks.query();
  return [...held, ...pending].map((lock) => lock.name);
};
export const readAppFile = async () => {
  const root = await navigator.storage.getDirectory();
  const file = await (await root.getFileHandle('app-file.txt')).getFile();
  return file.text();
};
