// Row 52, the runtime part: a worker made from a blob: or data: URL is a realm no build confined, with its own fetch.
const run = (url) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = () => reject(new Error('worker failed'));
  });
export const blobWorker = () => run(URL.createObjectURL(new Blob(['postMessage(typeof fetch)'], { type: 'text/javascript' })));
export const dataWorker = () => run('data:text/javascript,postMessage(typeof fetch)');
