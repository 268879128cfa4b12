import type { TrainingState } from '../swarm/VolunteerPorts.ts'
import { serializeState } from './serializeState.ts'

/** sha256 of the serialized training state, via the platform's native digest (≈ 2 ms per MB here, 6× noble's). */
export async function hashState(state: TrainingState): Promise<`0x${string}`> {
  return hashBytes(serializeState(state))
}

export async function hashBytes(bytes: Uint8Array): Promise<`0x${string}`> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
  let hex = '0x'
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0')
  return hex as `0x${string}`
}
