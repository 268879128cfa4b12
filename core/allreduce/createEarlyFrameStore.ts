// Frames for an attempt this member has not started yet: a neighbour that finished its gradient first sends
// its data at once, and a frame dropped here would hang the ring (docs/architecture.md §5). They are kept,
// bounded, and handed to the session when it starts. Abuse (more bytes than any honest ring sends ahead, or
// frames for too many future attempts) drops the offender's frames for that attempt and marks it, so that the
// attempt aborts naming it instead of waiting for data that was thrown away.

import { type AttemptKey, attemptId, compareAttempts } from './attemptKey.ts'
import type { AbortFrame, DataFrame } from './frame.ts'
import type { PeerId } from '../types/PeerId.ts'

export type EarlyFrame = { from: PeerId; frame: DataFrame | AbortFrame; bytes: Uint8Array }

type Held = { key: AttemptKey; frames: EarlyFrame[]; flooded: Set<PeerId> }

export type EarlyFrameStore = {
  /** Keeps a frame of a future attempt; false if it was dropped as a flood. */
  add(key: AttemptKey, entry: EarlyFrame): boolean
  /** The frames of `key` in arrival order and the peers that flooded it; forgets `key` and every older attempt. */
  take(key: AttemptKey): { frames: EarlyFrame[]; flooded: PeerId[] }
  clear(): void
}

export type EarlyFrameStoreParameters = {
  /** Total bytes held. An honest predecessor sends at most (N−1)/N of the encoded vector before this member joins. */
  maxBytes: number
  /** Distinct future attempts held: the next attempt and the next round, with room to spare. */
  maxAttempts: number
}

export function createEarlyFrameStore({ maxBytes, maxAttempts }: EarlyFrameStoreParameters): EarlyFrameStore {
  const held = new Map<string, Held>()
  let bytes = 0

  return {
    add(key, entry) {
      const id = attemptId(key)
      let attempt = held.get(id)
      if (!attempt) {
        if (held.size >= maxAttempts) return false
        attempt = { key, frames: [], flooded: new Set() }
        held.set(id, attempt)
      }
      if (attempt.flooded.has(entry.from)) return false
      if (bytes + entry.bytes.byteLength > maxBytes) {
        attempt.flooded.add(entry.from)
        const kept = attempt.frames.filter((frame) => frame.from !== entry.from)
        for (const frame of attempt.frames) if (frame.from === entry.from) bytes -= frame.bytes.byteLength
        attempt.frames = kept
        return false
      }
      attempt.frames.push(entry)
      bytes += entry.bytes.byteLength
      return true
    },

    take(key) {
      let taken: Held | undefined
      for (const [id, attempt] of held) {
        const order = compareAttempts(attempt.key, key)
        if (order > 0) continue
        if (order === 0) taken = attempt
        for (const frame of attempt.frames) bytes -= frame.bytes.byteLength
        held.delete(id)
      }
      return { frames: taken?.frames ?? [], flooded: [...(taken?.flooded ?? [])] }
    },

    clear() {
      held.clear()
      bytes = 0
    },
  }
}
