// Orchestration of one ring all-reduce attempt on one member: feeds the predecessor's frames to the ring reducer
// and sends what it produces to the successor. Liveness, the one failure path and settling exactly once are the
// attempt's lifecycle (createAttemptLifecycle), shared with the robust session.

import type { AttemptKey } from './attemptKey.ts'
import { createAttemptLifecycle } from './createAttemptLifecycle.ts'
import type { Clock } from '../types/Clock.ts'
import type { CodecImplementation } from './codec.ts'
import { createRingReducer } from './createRingReducer.ts'
import type { PeerView } from './createPeerTable.ts'
import type { ErrorFeedback } from './errorFeedback.ts'
import type { AllReduceFailureError } from './errors.ts'
import { type AbortFrame, type DataFrame, headerBytes } from './frame.ts'
import { createPartition } from './partition.ts'
import type { ThroughputEstimate } from './throughputEstimate.ts'
import { allFinite } from './allFinite.ts'
import type { Transport } from './Transport.ts'
import type { PeerId } from '../types/PeerId.ts'

export type SessionContext = {
  transport: Transport
  clock: Clock
  swarm: Uint8Array
  codec: CodecImplementation
  frameBytes: number
  feedback: ErrorFeedback | undefined
  peer(peer: PeerId): PeerView
  estimate(peer: PeerId): ThroughputEstimate
  /** Sends this member's heartbeat to the attempt's members now: it joined, or it is done. */
  announce(): void
  /** Events that concern no running attempt (a failed abort notice, data after the result); never thrown. */
  report(error: unknown): void
  onSettled(): void
}

export type SessionPhase = 'running' | 'committing' | 'resolved' | 'aborted'

export type AllReduceSession = {
  readonly key: AttemptKey
  readonly members: readonly PeerId[]
  readonly promise: Promise<Float32Array>
  phase(): SessionPhase
  start(): void
  receive(from: PeerId, frame: DataFrame | AbortFrame, bytes: Uint8Array): void
  /** The peer's heartbeat state changed. */
  heard(peer: PeerId): void
  peerClosed(peer: PeerId, details: string): void
  /** Periodic liveness check. */
  check(): void
  fail(error: AllReduceFailureError): void
}

export function createAllReduceSession(
  context: SessionContext,
  key: AttemptKey,
  members: readonly PeerId[],
  input: Float32Array,
): AllReduceSession {
  const { transport, codec, frameBytes } = context
  const self = transport.self
  const size = members.length
  const rank = members.indexOf(self)
  const predecessor = members[(rank + size - 1) % size]!
  const successor = members[(rank + 1) % size]!

  // Filled segment by segment as the schedule reaches it (createRingReducer): no pass over the whole vector
  // delays the first frame. Fresh typed arrays cost nothing until written.
  const work = new Float32Array(input.length)
  const residual = codec.lossy && context.feedback ? new Float32Array(input.length) : undefined
  const lifecycle = createAttemptLifecycle(context, key, members, {
    work,
    residual,
    remaining: () => reducer.remaining(),
    // Only the predecessor sends data to this member.
    awaited: () => predecessor,
    // What the predecessor's heartbeats may queue behind, and what still drains to the successor after `done`.
    windowPeer: predecessor,
  })
  const { failure, fail } = lifecycle
  const carried = codec.lossy ? context.feedback?.carried(input.length) : undefined
  const partition = createPartition(input.length, size, codec.valuesPerPayload(frameBytes - headerBytes))
  const reducer = createRingReducer({
    rank,
    size,
    codec,
    partition,
    input,
    carried,
    work,
    residual,
    header: { swarm: context.swarm, round: key.round, attempt: key.attempt },
  })
  const queue = lifecycle.queueTo(successor, reducer.frameOf)

  return {
    ...lifecycle.session,
    start() {
      // With others, NaN or ∞ is caught where this member encodes it (createRingReducer); alone, nothing is encoded.
      if (size === 1 && !allFinite(work))
        return fail(failure(self, 'non-finite', 'this member’s own input holds NaN or Infinity'))
      lifecycle.begin()
      for (const item of reducer.initial()) queue.push(item)
      lifecycle.commit()
    },
    receive(from, frame, bytes) {
      if (!lifecycle.admits(from, frame)) return
      if (from !== predecessor)
        return fail(
          failure(from, 'malformed', `data from a member that is not this member's predecessor (${predecessor})`),
        )
      const acceptance = reducer.accept(frame, bytes)
      if (!acceptance.ok) return fail(failure(from, acceptance.reason, acceptance.details))
      lifecycle.received(from, bytes)
      if (acceptance.next) queue.push(acceptance.next)
      lifecycle.commit()
    },
  }
}
