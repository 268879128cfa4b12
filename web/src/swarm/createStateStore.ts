// The latest verified training state of each swarm this browser trained in, kept in IndexedDB, so a
// reloaded tab resumes from it instead of from scratch. The Yjs doc is kept beside it: it holds the
// published hash the state must match before it is used (a whole swarm that restarts together resumes
// from its last version). One record per swarm, overwritten.

export type StoredState = {
  swarmId: `0x${string}`
  version: number
  hash: `0x${string}`
  /** serializeState's bytes. */
  state: Uint8Array
  /** Y.encodeStateAsUpdate of the swarm's doc when the state was saved. */
  doc: Uint8Array
  savedAt: number
}

export type StateStore = {
  load(swarmId: `0x${string}`): Promise<StoredState | undefined>
  save(entry: StoredState): Promise<void>
  close(): void
}

const databaseName = 'starling'
const storeName = 'states'

export function openStateStore(): Promise<StateStore> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'swarmId' })
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      const db = request.result
      const run = <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>) =>
        new Promise<T>((done, fail) => {
          const transaction = db.transaction(storeName, mode)
          const result = act(transaction.objectStore(storeName))
          transaction.oncomplete = () => done(result.result)
          transaction.onerror = () => fail(transaction.error)
          transaction.onabort = () => fail(transaction.error)
        })
      resolve({
        load: (swarmId) => run<StoredState | undefined>('readonly', (store) => store.get(swarmId)),
        save: async (entry) => {
          await run('readwrite', (store) => store.put(entry))
        },
        close: () => db.close(),
      })
    }
  })
}
