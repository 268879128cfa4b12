// Orchestration of one all-reduce attempt on one member: feeds the predecessor's frames to the ring reducer,
// sends what it produces to the successor, watches liveness, and settles exactly once. Every failure goes
// through `fail`, the one idempotent abort path (hivemind's finalize): it stops sending, tells every other
// member (an abort frame naming culprit and reason) when this member detected the failure, and rejects.
//
// A member resolves only after every member said `done` (holds the full result). So a failure that any member
// detects before its own `done` makes every member reject, and nobody resolves with a result others lack —
// short of a member dying between sending `done` to some members and to the rest.

import { type AttemptKey, compareAttempts } from './attemptKey.ts'
import { broadcastAbort } from './broadcastAbort.ts'
import type { Clock } from '../types/Clock.ts'
import type { CodecImplementation } from './codec.ts'
import { createRingReducer, type OutgoingItem } from './createRingReducer.ts'
import type { PeerView } from './createPeerTable.ts'
import { createSendQueue } from './createSendQueue.ts'
import type { ErrorFeedback } from './errorFeedback.ts'
import { type AllReduceFailureError, type FailureReason, failureOf, NonFiniteSumError } from './errors.ts'
import { findUnresponsive } from './findUnresponsive.ts'
import { framesInFlight } from './livenessLimits.ts'
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
  const { transport, clock, codec, frameBytes } = context
  const self = transport.self
  const { round, attempt } = key
  const size = members.length
  const rank = members.indexOf(self)
  const others = Array.from({ length: size - 1 }, (_, i) => members[(rank + 1 + i) % size]!)
  const memberSet = new Set(members)
  const predecessor = members[(rank + size - 1) % size]!
  const successor = members[(rank + 1) % size]!
  const startedAt = clock.now()
  // Members run the same transport, so this end's window stands for every link's: what the predecessor's
  // heartbeats may queue behind, and what still drains to the successor after this member is done.
  const inFlightBytes = transport.windowBytes?.(predecessor) ?? framesInFlight * frameBytes

  // Filled segment by segment as the schedule reaches it (createRingReducer): no pass over the whole vector
  // delays the first frame. Fresh typed arrays cost nothing until written.
  const work = new Float32Array(input.length)
  const carried = codec.lossy ? context.feedback?.carried(input.length) : undefined
  const residual = codec.lossy && context.feedback ? new Float32Array(input.length) : undefined
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
    header: { swarm: context.swarm, round, attempt },
  })

  let phase: SessionPhase = 'running'
  let settle!: { resolve: (result: Float32Array) => void; reject: (error: AllReduceFailureError) => void }
  const promise = new Promise<Float32Array>((resolve, reject) => (settle = { resolve, reject }))
  const joined = new Set<PeerId>([self])
  let allJoinedAt = size === 1 ? startedAt : Number.POSITIVE_INFINITY
  let firstDataAt: number | undefined
  let lastDataAt = Number.NEGATIVE_INFINITY
  let dataBytes = 0
  let committedAt: number | undefined

  const failure = (peer: PeerId, reason: FailureReason, details?: string, cause?: unknown) =>
    failureOf({ peer, reason, round, attempt, reportedBy: self, details, cause })
  const queue = createSendQueue<OutgoingItem>({
    send: (frame) => transport.send(successor, frame),
    frameOf: reducer.frameOf,
    onDrained: maybeCommit,
    onFailed: (error) =>
      fail(
        error instanceof NonFiniteSumError
          ? failure(self, 'non-finite', `${error.shortMessage} (${error.details})`, error)
          : failure(successor, 'closed', (error as Error)?.message, error),
      ),
  })

  /** p moved past this attempt only after finishing it: an abort would have come first on the same channel. */
  function status(peer: PeerId) {
    const view = context.peer(peer)
    const order = view.key ? compareAttempts(view.key, key) : -1
    return {
      lastHeard: view.lastHeard,
      joined: order > 0 || (order === 0 && view.joined),
      done: order > 0 || (order === 0 && view.done),
    }
  }

  function noteJoined(peer: PeerId) {
    if (joined.has(peer)) return
    joined.add(peer)
    if (joined.size === size) allJoinedAt = clock.now()
  }

  function maybeCommit() {
    if (phase !== 'running' || reducer.remaining() > 0 || !queue.idle()) return
    phase = 'committing'
    committedAt = clock.now()
    context.announce()
    maybeResolve()
  }

  function maybeResolve() {
    if (phase !== 'committing' || !others.every((peer) => status(peer).done)) return
    phase = 'resolved'
    if (residual) context.feedback?.commit(residual)
    finish()
    settle.resolve(work)
  }

  function finish() {
    if (firstDataAt !== undefined) context.estimate(predecessor).observe(dataBytes, lastDataAt - firstDataAt)
    context.onSettled()
  }

  function fail(error: AllReduceFailureError) {
    if (phase === 'resolved' || phase === 'aborted') return
    phase = 'aborted'
    queue.stop()
    if (error.reportedBy === self)
      broadcastAbort(
        transport,
        others,
        { swarm: context.swarm, key, reason: error.reason, culprit: error.peer },
        context.report,
      )
    finish()
    settle.reject(error)
  }

  return {
    key,
    members,
    promise,
    phase: () => phase,
    start() {
      // With others, NaN or ∞ is caught where this member encodes it (createRingReducer); alone, nothing is encoded.
      if (size === 1 && !allFinite(work))
        return fail(failure(self, 'non-finite', 'this member’s own input holds NaN or Infinity'))
      context.announce()
      for (const peer of others) if (status(peer).joined) noteJoined(peer)
      for (const item of reducer.initial()) queue.push(item)
      maybeCommit()
    },
    receive(from, frame, bytes) {
      if (!memberSet.has(from))
        return context.report(failure(from, 'malformed', 'a frame from a peer outside this attempt'))
      if (frame.type === 'abort')
        return fail(failureOf({ peer: frame.culprit, reason: frame.reason, round, attempt, reportedBy: from }))
      // After `done` others may already hold the result: a late extra frame cannot change it, so it is only reported.
      if (phase !== 'running') return context.report(failure(from, 'duplicate', `data after this member was ${phase}`))
      if (from !== predecessor)
        return fail(
          failure(from, 'malformed', `data from a member that is not this member's predecessor (${predecessor})`),
        )
      const acceptance = reducer.accept(frame, bytes)
      if (!acceptance.ok) return fail(failure(from, acceptance.reason, acceptance.details))
      const now = clock.now()
      if (firstDataAt === undefined) firstDataAt = now
      else dataBytes += bytes.byteLength
      lastDataAt = now
      noteJoined(from)
      if (acceptance.next) queue.push(acceptance.next)
      maybeCommit()
    },
    heard(peer) {
      if (!memberSet.has(peer) || phase === 'resolved' || phase === 'aborted') return
      if (status(peer).joined) noteJoined(peer)
      maybeResolve()
    },
    peerClosed(peer, details) {
      if (peer === self || !memberSet.has(peer) || status(peer).done) return
      fail(failure(peer, 'closed', details))
    },
    check() {
      if (phase !== 'running' && phase !== 'committing') return
      const measured =
        firstDataAt !== undefined && lastDataAt - firstDataAt >= 200
          ? dataBytes / (lastDataAt - firstDataAt)
          : Number.POSITIVE_INFINITY
      const verdict = findUnresponsive({
        now: clock.now(),
        startedAt,
        others,
        observe: status,
        predecessor,
        bytesPerMs: Math.min(context.estimate(predecessor).bytesPerMs(), measured),
        frameBytes,
        inFlightBytes,
        members: size,
        awaitingData: reducer.remaining() > 0,
        allJoinedAt,
        lastDataAt,
        committedAt,
      })
      if (verdict) fail(failure(verdict.peer, verdict.reason, verdict.details))
    },
    fail,
  }
}
