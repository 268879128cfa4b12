// The liveness rule of a session, as a pure function of what the member has observed, so that it is tested
// without a network. It names at most one peer: the first that broke a limit of livenessLimits.ts.

import { committedLimitMs, silenceLimitMs, stallLimitMs } from './livenessLimits.ts'
import type { PeerId } from '../types/PeerId.ts'

export type PeerObservation = {
  /** Last frame of any kind from the peer, in clock ms (−∞ if never). */
  lastHeard: number
  /** The peer sent its `done` heartbeat: it needs nothing more and owes nothing more. */
  done: boolean
}

export type LivenessInput = {
  now: number
  /** When this member started the attempt: no peer is blamed for silence from before. */
  startedAt: number
  /** Other members, in ring order starting after this one. */
  others: readonly PeerId[]
  observe(peer: PeerId): PeerObservation
  predecessor: PeerId
  /** Measured rate of the link from the predecessor, bytes per ms. */
  bytesPerMs: number
  frameBytes: number
  /** Bytes the predecessor's link may hold ahead of a heartbeat (its flow-control window). */
  inFlightBytes: number
  members: number
  /** Frames still owed by the predecessor. */
  awaitingData: boolean
  /** When the last member joined, as seen here; +∞ while someone has not (it may be computing its gradient). */
  allJoinedAt: number
  lastDataAt: number
  /** When this member sent `done`; it then waits for everyone else's. */
  committedAt: number | undefined
}

export type Unresponsive = { peer: PeerId; reason: 'timeout' | 'stalled'; details: string }

export function findUnresponsive(input: LivenessInput): Unresponsive | undefined {
  const { now, startedAt, predecessor } = input
  for (const peer of input.others) {
    const seen = input.observe(peer)
    if (seen.done) continue
    // Only the predecessor sends data here; from everyone else only heartbeats arrive, which queue behind nothing.
    const limit = silenceLimitMs(input.bytesPerMs, peer === predecessor ? input.inFlightBytes : 0)
    const silent = now - Math.max(seen.lastHeard, startedAt)
    if (silent > limit)
      return {
        peer,
        reason: 'timeout',
        details: `nothing received for ${Math.round(silent)} ms (limit ${Math.round(limit)} ms)`,
      }
  }
  const stall = stallLimitMs(input.bytesPerMs, input.frameBytes, input.inFlightBytes, input.members)
  if (input.awaitingData && input.allJoinedAt < Number.POSITIVE_INFINITY) {
    const waiting = now - Math.max(input.lastDataAt, input.allJoinedAt, startedAt)
    if (waiting > stall)
      return {
        peer: predecessor,
        reason: 'stalled',
        details: `no data for ${Math.round(waiting)} ms while every member had joined (limit ${Math.round(stall)} ms)`,
      }
  }
  const committed = committedLimitMs(input.bytesPerMs, input.frameBytes, input.inFlightBytes, input.members)
  if (input.committedAt !== undefined && now - input.committedAt > committed) {
    const peer = input.others.find((other) => !input.observe(other).done)
    if (peer !== undefined)
      return {
        peer,
        reason: 'stalled',
        details:
          `not done ${Math.round(now - input.committedAt)} ms after this member ` +
          `(limit ${Math.round(committed)} ms)`,
      }
  }
  return undefined
}
