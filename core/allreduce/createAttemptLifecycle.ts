// The part of an all-reduce session that does not depend on how its data moves, shared by the ring's
// (createAllReduceSession) and the robust one (createRobustSession): the phase, who joined and who is done, the
// send queues, the arrival rate of each sender, the liveness check, and settling exactly once. A session keeps
// only what its data movement decides: what it sends to whom, what it accepts from whom, and whose data it waits on.
//
// Every failure goes through `fail`, the one idempotent abort path (hivemind's finalize): it stops sending, tells
// every other member (an abort frame naming culprit and reason) when this member detected the failure, and rejects.
// A member resolves only after every member said `done` (holds the full result). So a failure that any member
// detects before its own `done` makes every member reject, and nobody resolves with a result others lack — short
// of a member dying between sending `done` to some members and to the rest.

import { type AttemptKey, compareAttempts } from './attemptKey.ts'
import { broadcastAbort } from './broadcastAbort.ts'
import type { AllReduceSession, SessionContext, SessionPhase } from './createAllReduceSession.ts'
import { createSendQueue, type SendQueue } from './createSendQueue.ts'
import { type AllReduceFailureError, type FailureReason, failureOf, NonFiniteSumError } from './errors.ts'
import { findUnresponsive } from './findUnresponsive.ts'
import type { AbortFrame, DataFrame } from './frame.ts'
import { framesInFlight } from './livenessLimits.ts'
import type { PeerId } from '../types/PeerId.ts'

export type AttemptLifecycleParameters = {
  /** What the attempt resolves with, and the residual error feedback keeps once it has (none: nothing kept). */
  work: Float32Array
  residual: Float32Array | undefined
  /** Frames still owed to this member. */
  remaining(): number
  /** The member whose data this one waits on now: its silence is judged against its data's rate. */
  awaited(): PeerId
  /** Members run the same transport, so this end's window to `windowPeer` stands for every link's. */
  windowPeer: PeerId
}

export type AttemptLifecycle = {
  /** The session's methods that its data movement does not change. */
  session: Omit<AllReduceSession, 'start' | 'receive'>
  /** A failure that this member detected and blames on `peer`. */
  failure(peer: PeerId, reason: FailureReason, details?: string, cause?: unknown): AllReduceFailureError
  fail(error: AllReduceFailureError): void
  /** The frames to `peer`: stopped by `fail`, drained before `done`; a failed send fails the attempt. */
  queueTo<item>(peer: PeerId, frameOf: (item: item) => Uint8Array): SendQueue<item>
  /** Says that this member joined, and counts the members that had already. */
  begin(): void
  /** Deals with every frame but data of the running attempt from a member; true: the session takes it. */
  admits(from: PeerId, frame: DataFrame | AbortFrame): frame is DataFrame
  /** The session took in data from `from`: it counts toward that link's rate, and `from` has joined. */
  received(from: PeerId, bytes: Uint8Array): void
  /** Sends `done` once nothing is owed to this member and nothing is queued from it. */
  commit(): void
}

type Arrivals = { firstAt: number | undefined; lastAt: number; bytes: number }

export function createAttemptLifecycle(
  context: SessionContext,
  key: AttemptKey,
  members: readonly PeerId[],
  { work, residual, remaining, awaited, windowPeer }: AttemptLifecycleParameters,
): AttemptLifecycle {
  const { transport, clock, frameBytes } = context
  const self = transport.self
  const { round, attempt } = key
  const size = members.length
  const rank = members.indexOf(self)
  const others = Array.from({ length: size - 1 }, (_, i) => members[(rank + 1 + i) % size]!)
  const memberSet = new Set(members)
  const startedAt = clock.now()
  const inFlightBytes = transport.windowBytes?.(windowPeer) ?? framesInFlight * frameBytes

  let phase: SessionPhase = 'running'
  let settle!: { resolve: (result: Float32Array) => void; reject: (error: AllReduceFailureError) => void }
  const promise = new Promise<Float32Array>((resolve, reject) => (settle = { resolve, reject }))
  const joined = new Set<PeerId>([self])
  let allJoinedAt = size === 1 ? startedAt : Number.POSITIVE_INFINITY
  let lastDataAt = Number.NEGATIVE_INFINITY
  let committedAt: number | undefined
  const queues: Pick<SendQueue<unknown>, 'idle' | 'stop'>[] = []
  // The first frame of a link only starts its clock: its bytes arrived before the span that is measured.
  const arrivals = new Map<PeerId, Arrivals>(
    others.map((peer) => [peer, { firstAt: undefined, lastAt: Number.NEGATIVE_INFINITY, bytes: 0 }]),
  )

  const failure = (peer: PeerId, reason: FailureReason, details?: string, cause?: unknown) =>
    failureOf({ peer, reason, round, attempt, reportedBy: self, details, cause })

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

  function commit() {
    if (phase !== 'running' || remaining() > 0 || !queues.every((queue) => queue.idle())) return
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
    for (const [peer, link] of arrivals)
      if (link.firstAt !== undefined) context.estimate(peer).observe(link.bytes, link.lastAt - link.firstAt)
    context.onSettled()
  }

  function fail(error: AllReduceFailureError) {
    if (phase === 'resolved' || phase === 'aborted') return
    phase = 'aborted'
    for (const queue of queues) queue.stop()
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
    session: {
      key,
      members,
      promise,
      phase: () => phase,
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
        const waitingOn = awaited()
        const link = arrivals.get(waitingOn)
        const span = link?.firstAt !== undefined ? link.lastAt - link.firstAt : 0
        const measured = link && span >= 200 ? link.bytes / span : Number.POSITIVE_INFINITY
        const verdict = findUnresponsive({
          now: clock.now(),
          startedAt,
          others,
          observe: status,
          predecessor: waitingOn,
          bytesPerMs: Math.min(context.estimate(waitingOn).bytesPerMs(), measured),
          frameBytes,
          inFlightBytes,
          members: size,
          awaitingData: remaining() > 0,
          allJoinedAt,
          lastDataAt,
          committedAt,
        })
        if (verdict) fail(failure(verdict.peer, verdict.reason, verdict.details))
      },
      fail,
    },
    failure,
    fail,
    queueTo<item>(peer: PeerId, frameOf: (item: item) => Uint8Array) {
      const queue = createSendQueue<item>({
        send: (frame) => transport.send(peer, frame),
        frameOf,
        onDrained: commit,
        // A frame that cannot be built because this member's values are not finite is this member's fault.
        onFailed: (error) =>
          fail(
            error instanceof NonFiniteSumError
              ? failure(self, 'non-finite', `${error.shortMessage} (${error.details})`, error)
              : failure(peer, 'closed', (error as Error)?.message, error),
          ),
      })
      queues.push(queue)
      return queue
    },
    begin() {
      context.announce()
      for (const peer of others) if (status(peer).joined) noteJoined(peer)
    },
    admits(from, frame): frame is DataFrame {
      if (!memberSet.has(from)) {
        context.report(failure(from, 'malformed', 'a frame from a peer outside this attempt'))
        return false
      }
      if (frame.type === 'abort') {
        fail(failureOf({ peer: frame.culprit, reason: frame.reason, round, attempt, reportedBy: from }))
        return false
      }
      // After `done` others may already hold the result: a late extra frame cannot change it, so it is only reported.
      if (phase !== 'running') {
        context.report(failure(from, 'duplicate', `data after this member was ${phase}`))
        return false
      }
      return true
    },
    received(from, bytes) {
      const now = clock.now()
      let link = arrivals.get(from)
      if (!link) arrivals.set(from, (link = { firstAt: undefined, lastAt: Number.NEGATIVE_INFINITY, bytes: 0 }))
      if (link.firstAt === undefined) link.firstAt = now
      else link.bytes += bytes.byteLength
      link.lastAt = now
      lastDataAt = now
      noteJoined(from)
    },
    commit,
  }
}
