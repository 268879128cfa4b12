// WebCrypto's digest completes on Node's thread pool, at a real time the virtual clock knows nothing of: a hash
// started before a timer may finish after it, and a seeded run would not repeat. Simulations inject Node's
// synchronous sha256 instead (the same bits), settled as a promise reaction like any other step.

import { createHash } from 'node:crypto'
import type { Digest } from '../state/hashState.ts'

export const nodeDigest: Digest = (bytes) =>
  Promise.resolve(`0x${createHash('sha256').update(bytes).digest('hex')}` as const)
