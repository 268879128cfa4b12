import type { TrainingState } from '../swarm/VolunteerPorts.ts'
import { serializeState } from './serializeState.ts'

/**
 * sha256 of some bytes, as 0x-hex. A port, not a global: simulations on a virtual clock inject one that settles at
 * once (core/testing/nodeDigest.ts), since WebCrypto finishes on a thread pool at a real time the clock cannot order.
 */
export type Digest = (bytes: Uint8Array) => Promise<`0x${string}`>

/** The platform's native digest (≈ 2 ms per MB here, 6× noble's): what production uses. */
export const webDigest: Digest = async (bytes) => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
  let hex = '0x'
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0')
  return hex as `0x${string}`
}

/** sha256 of the serialized training state. */
export async function hashState(state: TrainingState, digest: Digest = webDigest): Promise<`0x${string}`> {
  return digest(serializeState(state))
}

export async function hashBytes(bytes: Uint8Array, digest: Digest = webDigest): Promise<`0x${string}`> {
  return digest(bytes)
}
