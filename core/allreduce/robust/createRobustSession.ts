// Orchestration of one robust all-reduce attempt on one member (the data side is createRobustExchange): sends
// every other member its frames on a queue per link, feeds every member's frames to the exchange, watches
// liveness, and settles exactly once, as the ring's session does (createAllReduceSession): every failure goes
// through `fail`, which stops sending, tells the others when this member detected it, and rejects; a member
// resolves only after every member said `done`.
//
// A contribution that does not match its commitment fails the attempt (CommitmentMismatchError on the owner, with
// the evidence; the others rebuild a ProtocolViolationError from the abort). Leaving the contribution out and
// finishing without it was the alternative: it saves the retry, but the liar would then count as a contributor of
// a version built partly from its other chunks, and its units would be paid. Aborting is the one failure path of
// docs/architecture.md §4: the leader retries without the culprit, whose units for the round are lost, and the
// others' gradients stay valid, so a lie costs the swarm one retry and the liar its seat.

import { allFinite } from '../allFinite.ts'
import { type AttemptKey, compareAttempts } from '../attemptKey.ts'
import { broadcastAbort } from '../broadcastAbort.ts'
import type { AllReduceSession, SessionContext, SessionPhase } from '../createAllReduceSession.ts'
import { createSendQueue, type SendQueue } from '../createSendQueue.ts'
import { type AllReduceFailureError, CommitmentMismatchError, type FailureReason, failureOf } from '../errors.ts'
import { findUnresponsive } from '../findUnresponsive.ts'
import { type DataFrame, headerBytes } from '../frame.ts'
import { framesInFlight } from '../livenessLimits.ts'
import { createPartition } from '../partition.ts'
import type { CenteredClipParameters } from './centeredClip.ts'
import { createRobustExchange, type RobustAcceptance, type RobustItem } from './createRobustExchange.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type RobustSessionOptions = {
  clip: CenteredClipParameters
  /** Each member's commitments, one hash per chunk in member order; absent: contributions are not checked. */
  commitments: ReadonlyMap<PeerId, readonly Hex[]> | undefined
}

type Link = { queue: SendQueue<RobustItem>; firstDataAt: number | undefined; lastDataAt: number; bytes: number }

export function createRobustSession(
  context: SessionContext,
  key: AttemptKey,
  members: readonly PeerId[],
  input: Float32Array,
  { clip, commitments }: RobustSessionOptions,
): AllReduceSession {
  const { transport, clock, codec, frameBytes } = context
  const self = transport.self
  const { round, attempt } = key
  const size = members.length
  const rank = members.indexOf(self)
  const others = Array.from({ length: size - 1 }, (_, i) => members[(rank + 1 + i) % size]!)
  const rankOf = new Map(members.map((peer, index) => [peer, index]))
  const startedAt = clock.now()
  // As in the ring's session: this end's window stands for every link's.
  const inFlightBytes = transport.windowBytes?.(others[0] ?? self) ?? framesInFlight * frameBytes

  const carried = codec.lossy ? context.feedback?.carried(input.length) : undefined
  // Without a residual the input is the contribution: it is only read, and a copy of 16 MiB costs the first frame.
  const contribution = carried ? Float32Array.from(input, (value, i) => value + carried[i]!) : input
  const residual = codec.lossy && context.feedback ? new Float32Array(input.length) : undefined
  const work = new Float32Array(input.length)
  const partition = createPartition(input.length, size, codec.valuesPerPayload(frameBytes - headerBytes))
  const finite = allFinite(contribution)
  const exchange = createRobustExchange({
    rank,
    size,
    codec,
    partition,
    contribution,
    commitments: commitments && members.map((peer) => commitments.get(peer) ?? []),
    clip,
    work,
    residual,
    header: { swarm: context.swarm, round, attempt },
  })

  let phase: SessionPhase = 'running'
  let settle!: { resolve: (result: Float32Array) => void; reject: (error: AllReduceFailureError) => void }
  const promise = new Promise<Float32Array>((resolve, reject) => (settle = { resolve, reject }))
  const joined = new Set<PeerId>([self])
  let allJoinedAt = size === 1 ? startedAt : Number.POSITIVE_INFINITY
  let lastDataAt = Number.NEGATIVE_INFINITY
  let committedAt: number | undefined

  const failure = (peer: PeerId, reason: FailureReason, details?: string, cause?: unknown) =>
    failureOf({ peer, reason, round, attempt, reportedBy: self, details, cause })
  const links = new Map<PeerId, Link>(
    others.map((peer) => [
      peer,
      {
        queue: createSendQueue<RobustItem>({
          send: (frame) => transport.send(peer, frame),
          frameOf: exchange.frameOf,
          onDrained: maybeCommit,
          onFailed: (error) => fail(failure(peer, 'closed', (error as Error)?.message, error)),
        }),
        firstDataAt: undefined,
        lastDataAt: Number.NEGATIVE_INFINITY,
        bytes: 0,
      },
    ]),
  )

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

  function push(items: readonly RobustItem[]) {
    for (const item of items) links.get(members[item.to]!)!.queue.push(item)
  }

  function settleOn(acceptance: RobustAcceptance, from: PeerId): boolean {
    if (acceptance.ok) return (push(acceptance.next), true)
    if (acceptance.reason === 'commitment-mismatch')
      fail(new CommitmentMismatchError({ peer: from, round, attempt, reportedBy: self }, acceptance.evidence))
    else if (acceptance.reason === 'own-non-finite') fail(failure(self, 'non-finite', acceptance.details))
    else fail(failure(from, acceptance.reason, acceptance.details))
    return false
  }

  function maybeCommit() {
    if (phase !== 'running' || exchange.remaining() > 0) return
    for (const link of links.values()) if (!link.queue.idle()) return
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
    for (const [peer, link] of links)
      if (link.firstDataAt !== undefined) context.estimate(peer).observe(link.bytes, link.lastDataAt - link.firstDataAt)
    context.onSettled()
  }

  function fail(error: AllReduceFailureError) {
    if (phase === 'resolved' || phase === 'aborted') return
    phase = 'aborted'
    for (const link of links.values()) link.queue.stop()
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

  /** The member whose data this one waits on longest: the first, in ring order, that still owes a frame. */
  function awaited(): PeerId {
    return others.find((peer) => exchange.owes(rankOf.get(peer)!)) ?? others[0] ?? self
  }

  return {
    key,
    members,
    promise,
    phase: () => phase,
    start() {
      if (!finite) return fail(failure(self, 'non-finite', 'this member’s own input holds NaN or Infinity'))
      context.announce()
      for (const peer of others) if (status(peer).joined) noteJoined(peer)
      if (settleOn(exchange.initial(), self)) maybeCommit()
    },
    receive(from, frame, bytes) {
      if (!rankOf.has(from))
        return context.report(failure(from, 'malformed', 'a frame from a peer outside this attempt'))
      if (frame.type === 'abort')
        return fail(failureOf({ peer: frame.culprit, reason: frame.reason, round, attempt, reportedBy: from }))
      if (phase !== 'running') return context.report(failure(from, 'duplicate', `data after this member was ${phase}`))
      if (from === self) return fail(failure(from, 'malformed', 'data from this member to itself'))
      const acceptance = exchange.accept(rankOf.get(from)!, frame as DataFrame)
      const now = clock.now()
      const link = links.get(from)!
      if (link.firstDataAt === undefined) link.firstDataAt = now
      else link.bytes += bytes.byteLength
      link.lastDataAt = now
      lastDataAt = now
      noteJoined(from)
      if (settleOn(acceptance, from)) maybeCommit()
    },
    heard(peer) {
      if (!rankOf.has(peer) || phase === 'resolved' || phase === 'aborted') return
      if (status(peer).joined) noteJoined(peer)
      maybeResolve()
    },
    peerClosed(peer, details) {
      if (peer === self || !rankOf.has(peer) || status(peer).done) return
      fail(failure(peer, 'closed', details))
    },
    check() {
      if (phase !== 'running' && phase !== 'committing') return
      const waitingOn = awaited()
      const link = links.get(waitingOn)
      const span = link?.firstDataAt !== undefined ? link.lastDataAt - link.firstDataAt : 0
      const measured = link && span >= 200 ? link.bytes / span : Number.POSITIVE_INFINITY
      // findUnresponsive is the ring's rule with one data sender; here the awaited member stands in for it, and
      // every other member's silence is judged without a window (their heartbeats may queue behind data too, but
      // the 2 s floor covers a window's drain at any rate the ring works at).
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
        awaitingData: exchange.remaining() > 0,
        allJoinedAt,
        lastDataAt,
        committedAt,
      })
      if (verdict) fail(failure(verdict.peer, verdict.reason, verdict.details))
    },
    fail,
  }
}
