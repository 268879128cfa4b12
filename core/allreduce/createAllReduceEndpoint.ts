// One member's long-lived all-reduce endpoint: subscribes to the transport once, keeps every peer's liveness
// (a heartbeat every 250 ms to the current members and to every peer heard lately, whether or not an attempt
// runs, so a member still computing its gradient is known to be alive), and runs one attempt at a time, keyed
// by (round, attempt). Frames of a future attempt wait in a bounded store.
//
// Stale frames: a peer only moves forward, and its frames arrive in order, so data of an attempt older than one
// the same peer already used here is a protocol violation ('stale'), as is data of an attempt this member
// completed (it had received everything). Data of an older attempt that the peer has not moved past is a
// leftover of an attempt abandoned in flight, and is dropped.

import { type AttemptKey, attemptId, compareAttempts } from './attemptKey.ts'
import { attemptProblem } from './attemptProblem.ts'
import { broadcastAbort } from './broadcastAbort.ts'
import type { Clock } from '../types/Clock.ts'
import { codecFor } from './codecFor.ts'
import { type AllReduceSession, createAllReduceSession, type SessionContext } from './createAllReduceSession.ts'
import { createPeerTable } from './createPeerTable.ts'
import { createEarlyFrameStore } from './createEarlyFrameStore.ts'
import { createErrorFeedback } from './errorFeedback.ts'
import { type FailureReason, InvalidAllReduceInputError, failureOf } from './errors.ts'
import { decodeFrame, encodeHeartbeat, type Frame, swarmTagOf } from './frame.ts'
import { heartbeatMs } from './livenessLimits.ts'
import type { Transport } from './Transport.ts'
import type { Aggregator, Codec } from '../manifest/Manifest.ts'
import { type CenteredClipParameters, defaultCenteredClip } from './robust/centeredClip.ts'
import { contributionChunks, contributionCommitments } from './robust/contributionCommitments.ts'
import { createRobustSession } from './robust/createRobustSession.ts'
import { robustAttemptProblem } from './robust/robustAttemptProblem.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export type AllReduceEndpointParameters = {
  transport: Transport
  clock: Clock
  /** The 32-byte swarm id; frames carry its first 8 bytes and frames of other swarms are refused. */
  swarmId: `0x${string}` | Uint8Array
  codec: Codec
  /** `sum` (default): the ring's exact sum. `centered-clip`: the robust all-to-all (robust/createRobustExchange.ts). */
  aggregator?: Aggregator
  /** CenteredClip's constants (default defaultCenteredClip); part of the protocol, the same on every member. */
  centeredClip?: CenteredClipParameters
  /** Carry lossy codecs' quantization residuals into the next attempt (default true; no effect on fp32). */
  errorFeedback?: boolean
  /**
   * Bytes per data frame including the header; part of the protocol, the same on every member. Default 65536, which any
   * data channel takes; browser swarms use 256 KiB (web/src/net/bulkChannel.ts).
   */
  frameBytes?: number
  /** Bytes of frames held for attempts this member has not started (default 64 MiB). */
  maxEarlyBytes?: number
  /** Hears what concerns no running attempt: failed abort notices, floods, frames after the result. */
  onError?: (error: unknown) => void
}

export type AllReduceAttempt = {
  round: number
  attempt: number
  members: readonly PeerId[]
  /**
   * centered-clip only: every member's commitments for this attempt (commitmentsOf on that member, one hash per
   * chunk in member order), as it signed them. A chunk whose bytes hash otherwise fails the attempt with
   * CommitmentMismatchError on its owner. Absent: contributions are clipped unchecked.
   */
  commitments?: ReadonlyMap<PeerId, readonly Hex[]>
}

export type AllReduceEndpoint = {
  /**
   * Sum of every member's `input` (centered-clip: N × CenteredClip of the inputs, a sum-equivalent, so `result / N`
   * is the aggregate with either aggregator), the same bits on every member. `input` is never written but is read
   * until the attempt settles (segment by segment, so that the first frame leaves at once): keep it intact until then.
   * Rejects with AllReduceErrorType: every member of a failed attempt with the same error naming the peer at fault.
   */
  allReduce(input: Float32Array, attempt: AllReduceAttempt): Promise<Float32Array>
  /** Ends the attempt on every member (AllReduceCancelledError naming this one); idempotent; works before it starts. */
  abort(attempt: AllReduceAttempt, reason: string): void
  /**
   * centered-clip: this member's commitments to `input` for an attempt with these members, to sign and publish before
   * calling allReduce with the same input (error feedback's residual is included, as it will be sent).
   */
  commitmentsOf(input: Float32Array, members: readonly PeerId[]): Hex[]
  /** The bytes of each chunk that commitmentsOf hashes (chunkBytes.ts): what this member reveals to an audit. */
  contributionOf(input: Float32Array, members: readonly PeerId[]): Uint8Array[]
  resetErrorFeedback(): void
  /** Measured rate of the link from `peer`, bytes per ms. */
  bytesPerMs(peer: PeerId): number
  close(): void
}

const defaultFrameBytes = 65536
const defaultMaxEarlyBytes = 64 * 1024 * 1024
const retiredKept = 64

export function createAllReduceEndpoint(parameters: AllReduceEndpointParameters): AllReduceEndpoint {
  const { transport, clock } = parameters
  const self = transport.self
  const swarm = swarmTagOf(parameters.swarmId)
  const frameBytes = parameters.frameBytes ?? defaultFrameBytes
  if (!Number.isInteger(frameBytes) || frameBytes < 48)
    throw new RangeError(`frameBytes must be an integer of at least 48 (header and 16 bytes), got ${frameBytes}`)
  const aggregator = parameters.aggregator ?? 'sum'
  const clip = parameters.centeredClip ?? defaultCenteredClip
  const feedback = parameters.errorFeedback === false ? undefined : createErrorFeedback()
  const early = createEarlyFrameStore({ maxBytes: parameters.maxEarlyBytes ?? defaultMaxEarlyBytes, maxAttempts: 4 })
  const peers = createPeerTable()
  const retired = new Map<string, 'resolved' | 'aborted'>()
  let current: AllReduceSession | undefined
  let closed = false
  const report = (error: unknown) => parameters.onError?.(error)
  const active = (session: AllReduceSession | undefined): session is AllReduceSession =>
    session !== undefined && (session.phase() === 'running' || session.phase() === 'committing')
  const failure = (key: AttemptKey, peer: PeerId, reason: FailureReason, details?: string, cause?: unknown) =>
    failureOf({ peer, reason, round: key.round, attempt: key.attempt, reportedBy: self, details, cause })

  function heartbeat(to: PeerId) {
    const phase = current?.phase()
    const done = phase === 'committing' || phase === 'resolved'
    const frame = encodeHeartbeat({
      swarm,
      round: current?.key.round ?? 0,
      attempt: current?.key.attempt ?? 0,
      joined: current !== undefined,
      done,
    })
    transport
      .send(to, frame)
      .then(undefined, (error: unknown) => linkDown(to, (error as Error)?.message ?? String(error)))
  }

  function linkDown(peer: PeerId, reason: string) {
    peers.linkDown(peer)
    if (active(current) && current.members.includes(peer)) current.peerClosed(peer, reason)
  }

  function tick() {
    if (closed) return
    for (const peer of peers.heartbeatTargets(self, current?.members ?? [], clock.now())) heartbeat(peer)
    current?.check()
    timer = clock.setTimeout(tick, heartbeatMs)
  }
  let timer = clock.setTimeout(tick, heartbeatMs)

  function misbehaved(from: PeerId, reason: FailureReason, details: string, cause?: unknown) {
    if (active(current) && current.members.includes(from))
      current.fail(failure(current.key, from, reason, details, cause))
    else report(failure(current?.key ?? { round: 0, attempt: 0 }, from, reason, details, cause))
  }

  function receive(from: PeerId, bytes: Uint8Array) {
    const known = peers.heard(from, clock.now())
    let frame: Frame
    try {
      frame = decodeFrame(bytes)
    } catch (error) {
      return misbehaved(from, 'malformed', (error as Error).message, error)
    }
    if (frame.swarm.some((byte, i) => byte !== swarm[i]))
      return misbehaved(from, 'malformed', 'a frame of another swarm')
    const key = { round: frame.round, attempt: frame.attempt }
    const stale = (why: string) =>
      misbehaved(from, 'stale', `data of round ${key.round}, attempt ${key.attempt} ${why}`)
    // Data and heartbeats show how far the peer got; an abort notice may name an attempt it never reached.
    const highest = known.highest
    if (frame.type !== 'abort' && !peers.advance(from, key))
      return frame.type === 'data'
        ? stale(`after it used round ${highest!.round}, attempt ${highest!.attempt}`)
        : undefined
    if (frame.type === 'heartbeat') {
      Object.assign(known, { key, joined: frame.joined, done: frame.done })
      return current?.heard(from)
    }
    const previous = retired.get(attemptId(key))
    if (previous === 'aborted') return // in flight when this member abandoned the attempt
    const order = current ? compareAttempts(key, current.key) : 1
    if (order === 0) return current!.receive(from, frame, bytes)
    if (order > 0) {
      if (!early.add(key, { from, frame, bytes }))
        report(failure(key, from, 'flood', 'frames of an attempt not started here were dropped'))
      return
    }
    if (frame.type === 'data' && previous === 'resolved') stale('after this member completed it')
  }

  const unsubscribe = transport.subscribe((event) => {
    if (closed) return
    if (event.type === 'frame') return receive(event.from, event.frame)
    linkDown(event.peer, event.reason)
  })

  // A member's contribution: its input plus what error feedback still owes (lossy codecs), as it will be sent.
  const carried = (input: Float32Array) => {
    const owed = context.codec.lossy ? feedback?.carried(input.length) : undefined
    return owed ? Float32Array.from(input, (value, i) => value + owed[i]!) : input
  }
  const context: SessionContext = {
    transport,
    clock,
    swarm,
    codec: codecFor(parameters.codec),
    frameBytes,
    feedback,
    peer: peers.view,
    estimate: peers.estimate,
    announce: () => {
      for (const peer of current?.members ?? []) if (peer !== self && !peers.isDown(peer)) heartbeat(peer)
    },
    report,
    onSettled: () => {
      if (!current) return
      retired.set(attemptId(current.key), current.phase() === 'resolved' ? 'resolved' : 'aborted')
      for (const id of retired.keys()) if (retired.size > retiredKept) retired.delete(id)
    },
  }

  return {
    allReduce(input, { round, attempt, members, commitments }) {
      const key = { round, attempt }
      if (closed) return Promise.reject(failure(key, self, 'cancelled', 'the endpoint is closed'))
      const problem =
        attemptProblem(transport, key, members, input, frameBytes) ??
        (aggregator === 'centered-clip' ? robustAttemptProblem(transport, members, frameBytes, commitments) : undefined)
      if (problem !== undefined) {
        if (members.includes(self))
          broadcastAbort(transport, members, { swarm, key, reason: 'cancelled', culprit: self }, report)
        return Promise.reject(new InvalidAllReduceInputError(round, attempt, problem))
      }
      if (current && compareAttempts(key, current.key) <= 0)
        return Promise.reject(
          new InvalidAllReduceInputError(
            round,
            attempt,
            `round ${current.key.round}, attempt ${current.key.attempt} already started here`,
          ),
        )
      if (retired.get(attemptId(key)) === 'aborted')
        return Promise.reject(failure(key, self, 'cancelled', 'aborted before it started'))
      if (active(current))
        current.fail(failure(current.key, self, 'cancelled', `superseded by round ${round}, attempt ${attempt}`))
      const { frames, flooded } = early.take(key)
      const session =
        aggregator === 'sum'
          ? createAllReduceSession(context, key, members, input)
          : createRobustSession(context, key, members, input, { clip, commitments })
      current = session
      for (const peer of members)
        if (peers.isDown(peer)) session.peerClosed(peer, 'the link was closed before the attempt started')
      if (active(session)) session.start()
      for (const peer of flooded)
        session.fail(failure(key, peer, 'flood', 'sent more than the early-frame store holds'))
      for (const { from, frame, bytes } of frames) if (active(session)) session.receive(from, frame, bytes)
      return session.promise
    },
    abort({ round, attempt, members }, reason) {
      const key = { round, attempt }
      if (current && compareAttempts(key, current.key) === 0)
        return current.fail(failure(key, self, 'cancelled', reason))
      if ((current && compareAttempts(key, current.key) < 0) || retired.has(attemptId(key))) return
      retired.set(attemptId(key), 'aborted')
      early.take(key)
      broadcastAbort(transport, members, { swarm, key, reason: 'cancelled', culprit: self }, report)
    },
    commitmentsOf: (input, members) =>
      contributionCommitments(context.codec, frameBytes, carried(input), members.length),
    contributionOf: (input, members) => contributionChunks(context.codec, frameBytes, carried(input), members.length),
    resetErrorFeedback: () => feedback?.reset(),
    bytesPerMs: (peer) => peers.estimate(peer).bytesPerMs(),
    close() {
      if (closed) return
      if (active(current)) current.fail(failure(current.key, self, 'cancelled', 'the endpoint closed'))
      closed = true
      unsubscribe()
      clock.clearTimeout(timer)
      early.clear()
    },
  }
}
