// Starts the training worker from wherever the app's files are served. A page may only construct a Worker from a
// script of its own origin, so an embedding site (the widget) cannot start ours directly: there a same-origin blob
// module imports it instead, which the browser allows because our server answers with CORS headers. The worker's
// own import.meta.url stays our URL, so its chunks and .wasm files still load from us.

export function createTrainingWorker(scriptUrl: string, name: string): Worker {
  const url = new URL(scriptUrl, location.href)
  if (url.origin === location.origin) return new Worker(url, { type: 'module', name })
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)}\n`], { type: 'text/javascript' }))
  try {
    return new Worker(shim, { type: 'module', name })
  } finally {
    // The constructor has resolved the blob by now; keeping the URL alive would only leak it.
    URL.revokeObjectURL(shim)
  }
}
