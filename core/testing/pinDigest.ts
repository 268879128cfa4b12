// WebCrypto's digest completes on Node's thread pool, at a real time the virtual clock knows nothing of: a hash
// started before a timer may finish after it, and a seeded run would not repeat. Simulations pin it to Node's
// synchronous sha256 (the same bits), settled as a promise reaction like any other step.

import { createHash } from 'node:crypto'

/** Replaces crypto.subtle.digest('SHA-256', …) until the returned function is called. */
export function pinDigest(): () => void {
  const subtle = globalThis.crypto.subtle
  Object.defineProperty(subtle, 'digest', {
    configurable: true,
    value: async (algorithm: string, data: ArrayBufferView | ArrayBuffer) => {
      if (algorithm !== 'SHA-256') throw new Error(`pinDigest handles SHA-256 only, not ${algorithm}`)
      const bytes = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(data)
      const digest = createHash('sha256').update(bytes).digest()
      return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength)
    },
  })
  return () => void delete (subtle as { digest?: unknown }).digest
}
