// The data side of one robust all-reduce attempt (BTARD's shape, docs/architecture.md §5), apart from the
// orchestration (createRobustSession). Same partition as the ring: chunk c belongs to rank c, its owner.
//   step 0, scatter: every member sends chunk j of its contribution to member j (frames: chunk = j).
//   the owner holds every member's chunk, checks each against that member's commitment (chunkBytes.ts), decodes,
//   and computes N × CenteredClip of the N contributions, in member order.
//   step 1, gather: the owner sends its result's bytes to every member (frames: chunk = the owner's rank).
// Each member sends (N−1)/N of the vector at each step, 2(N−1)/N in all: the ring's bytes.
//
// Result: a sum-equivalent, N × CenteredClip, so the caller's contract is the ring's (`sum / N` is the aggregate;
// createVolunteer divides by the members). The owner adopts decode(encode(result)) for its own chunk, the bits the
// others decode: every member ends with the same bits.
//
// A chunk is clipped whole, once every contribution to it arrived and matched: clipping frame by frame would
// pipeline better but use bytes before their commitment is checked. Error feedback covers this member's own
// contribution (each position is encoded once, towards its owner); the owner's encoding of the result is not fed
// back, since the next round's contribution goes into a clip, not a sum.

import { allFinite } from '../allFinite.ts'
import type { CodecImplementation } from '../codec.ts'
import { decodeStatus } from '../codec.ts'
import type { CommitmentEvidence, ViolationReason } from '../errors.ts'
import { type DataFrame, encodeDataFrame, type FrameBase, headerBytes } from '../frame.ts'
import type { Partition } from '../partition.ts'
import { centeredClip, type CenteredClipParameters } from './centeredClip.ts'
import { chunkByteLength, commitmentOf, decodeChunk, encodeChunk, segmentOffset } from './chunkBytes.ts'
import type { Hex } from '../../types/Hex.ts'

export const scatterStep = 0
export const gatherStep = 1

/** A frame owed to the member of rank `to`. */
export type RobustItem = { to: number; step: number; segment: number }

export type RobustAcceptance =
  | { ok: true; next: readonly RobustItem[] }
  | { ok: false; reason: Exclude<ViolationReason, 'commitment-mismatch'>; details: string }
  | { ok: false; reason: 'commitment-mismatch'; evidence: CommitmentEvidence }
  /** This member's own clipped result is not finite (a float32 overflow of N × the aggregate). */
  | { ok: false; reason: 'own-non-finite'; details: string }

export type RobustExchangeParameters = {
  rank: number
  size: number
  codec: CodecImplementation
  partition: Partition
  /** This member's contribution (input plus error feedback's residual), finite; never written. */
  contribution: Float32Array
  /** commitments[k][c]: member k's hash of its chunk c; absent: nothing is checked. */
  commitments: readonly (readonly Hex[])[] | undefined
  clip: CenteredClipParameters
  /** Fresh, as long as the contribution; becomes the result. */
  work: Float32Array
  /** Receives what this member's encodings of its contribution dropped; absent without error feedback. */
  residual: Float32Array | undefined
  header: FrameBase
}

export type RobustExchange = {
  /**
   * Scatter frames to every other member, and the gather frames too when this member's chunk needs no one; fails
   * only with 'own-non-finite'.
   */
  initial(): RobustAcceptance
  accept(from: number, frame: DataFrame): RobustAcceptance
  frameOf(item: RobustItem): Uint8Array
  /** Data frames still owed to this member. */
  remaining(): number
  /** Whether the member of rank `k` still owes this member a frame. */
  owes(k: number): boolean
}

export function createRobustExchange(parameters: RobustExchangeParameters): RobustExchange {
  const { rank, size, codec, partition, contribution, commitments, clip, work, residual, header } = parameters
  const own = rank
  const ownStart = partition.chunkStart(own)
  const ownLength = partition.chunkEnd(own) - ownStart
  const ownSegments = partition.segmentCount(own)
  // Alone, nothing is encoded: the clip of one contribution is itself.
  const outgoing =
    size === 1 ? [] : Array.from({ length: size }, (_, chunk) => encodeChunk(codec, partition, contribution, chunk))
  if (residual && codec.lossy && size > 1)
    for (let chunk = 0; chunk < size; chunk++) {
      // `work` is scratch here: every position is overwritten by the result later.
      const start = partition.chunkStart(chunk)
      const quantized = work.subarray(start, partition.chunkEnd(chunk))
      decodeChunk(codec, partition, outgoing[chunk]!, chunk, quantized)
      for (let i = 0; i < quantized.length; i++) residual[start + i] = contribution[start + i]! - quantized[i]!
    }
  const received: Uint8Array[] = Array.from({ length: size }, (_, k) =>
    k === rank && size > 1 ? outgoing[own]! : new Uint8Array(k === rank ? 0 : chunkByteLength(codec, partition, own)),
  )
  const contributions: (Float32Array | undefined)[] = new Array(size)
  const scatterNext = new Uint32Array(size)
  const gatherNext = new Uint32Array(size)
  let missing = size
  // Every other member's share of this chunk, then every other owner's result.
  let remaining = (size - 1) * ownSegments
  for (let k = 0; k < size; k++) if (k !== rank) remaining += partition.segmentCount(k)
  let result: Uint8Array | undefined
  const reject = (reason: Exclude<ViolationReason, 'commitment-mismatch'>, details: string): RobustAcceptance => ({
    ok: false,
    reason,
    details,
  })

  /** Member k's contribution to this member's chunk is complete: check, decode, and clip once all are in. */
  function complete(k: number): RobustAcceptance {
    if (k === rank && size === 1) contributions[k] = contribution.subarray(ownStart, ownStart + ownLength)
    else {
      const bytes = received[k]!
      const committed = commitments?.[k]?.[own]
      // An empty chunk (a vector shorter than the ring) carries no bytes, so nothing was sent to check.
      if (committed !== undefined && k !== rank && bytes.byteLength > 0) {
        const hash = commitmentOf(bytes)
        if (hash !== committed.toLowerCase())
          return { ok: false, reason: 'commitment-mismatch', evidence: { chunk: own, received: hash, committed } }
      }
      const values = new Float32Array(ownLength)
      const status = decodeChunk(codec, partition, bytes, own, values)
      if (status === decodeStatus.nonFinite) return reject('non-finite', `its chunk ${own}`)
      if (status === decodeStatus.outOfRange) return reject('out-of-range', `its chunk ${own}`)
      contributions[k] = values
    }
    if (--missing > 0) return { ok: true, next: [] }
    const target = work.subarray(ownStart, ownStart + ownLength)
    centeredClip(contributions as Float32Array[], target, clip, size)
    contributions.fill(undefined)
    if (!allFinite(target))
      return { ok: false, reason: 'own-non-finite', details: `${size} × the clipped chunk ${own} overflows float32` }
    if (size === 1) return { ok: true, next: [] }
    result = encodeChunk(codec, partition, work, own)
    if (codec.lossy) decodeChunk(codec, partition, result, own, target)
    const next: RobustItem[] = []
    for (let segment = 0; segment < ownSegments; segment++)
      for (let offset = 1; offset < size; offset++) next.push({ to: (rank + offset) % size, step: gatherStep, segment })
    return { ok: true, next }
  }

  return {
    initial() {
      const items: RobustItem[] = []
      // Round-robin over the recipients, so every link carries data from the first frame on.
      const longest = Math.max(0, ...Array.from({ length: size }, (_, chunk) => partition.segmentCount(chunk)))
      for (let segment = 0; segment < longest; segment++)
        for (let offset = 1; offset < size; offset++) {
          const to = (rank + offset) % size
          if (segment < partition.segmentCount(to)) items.push({ to, step: scatterStep, segment })
        }
      // This member's own share is here; an empty chunk (a vector shorter than the ring) gets nothing from anyone.
      for (const k of ownSegments === 0 ? Array.from({ length: size }, (_, k) => k) : [rank]) {
        const acceptance = complete(k)
        if (!acceptance.ok) return acceptance
        items.push(...acceptance.next)
      }
      return { ok: true, next: items }
    },

    accept(from, frame) {
      const { step, segment } = frame
      if (frame.codec !== codec.name)
        return reject('malformed', `codec ${frame.codec}, this attempt uses ${codec.name}`)
      if (step !== scatterStep && step !== gatherStep) return reject('malformed', `step ${step} of a robust exchange`)
      const chunk = step === scatterStep ? own : from
      if (frame.chunk !== chunk) return reject('malformed', `chunk ${frame.chunk} at step ${step}, expected ${chunk}`)
      const next = step === scatterStep ? scatterNext : gatherNext
      const expected = next[from]!
      if (segment < expected) return reject('duplicate', `segment ${segment} of step ${step} arrived again`)
      const count = partition.segmentCount(chunk)
      if (segment !== expected || segment >= count)
        return reject('malformed', `segment ${segment} of step ${step}, expected ${expected} of ${count}`)
      const start = partition.segmentStart(chunk, segment)
      const end = partition.segmentEnd(chunk, segment)
      const length = codec.encodedBytes(end - start)
      if (frame.payload.byteLength !== length)
        return reject(
          'wrong-length',
          `${frame.payload.byteLength} payload bytes for ${end - start} values, expected ${length}`,
        )
      next[from] = expected + 1
      remaining--
      if (step === gatherStep) {
        const status = codec.decode(frame.payload, work.subarray(start, end))
        if (status === decodeStatus.nonFinite) return reject('non-finite', `segment ${segment} of step ${step}`)
        if (status === decodeStatus.outOfRange) return reject('out-of-range', `segment ${segment} of step ${step}`)
        return { ok: true, next: [] }
      }
      received[from]!.set(frame.payload, segmentOffset(codec, partition, segment))
      return segment + 1 === count ? complete(from) : { ok: true, next: [] }
    },

    frameOf({ to, step, segment }) {
      const chunk = step === scatterStep ? to : own
      const bytes = step === scatterStep ? outgoing[to]! : result!
      const start = partition.segmentStart(chunk, segment)
      const length = codec.encodedBytes(partition.segmentEnd(chunk, segment) - start)
      const frame = encodeDataFrame({ ...header, codec: codec.name, step, chunk, segment }, length)
      const offset = segmentOffset(codec, partition, segment)
      frame.set(bytes.subarray(offset, offset + length), headerBytes)
      return frame
    },

    remaining: () => remaining,
    owes: (k) => k !== rank && (scatterNext[k]! < ownSegments || gatherNext[k]! < partition.segmentCount(k)),
  }
}
