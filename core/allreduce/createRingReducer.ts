// The data side of one all-reduce attempt, apart from the orchestration (createAllReduceSession): checks each
// data frame against the ring schedule, adds or stores its values, and says what to send next. Pipelining is
// per segment: segment k of step s+1 is ready as soon as segment k of step s arrived, never a whole chunk later.
//
// Ordered sum (fp32 exact): chunk c is summed in ring order starting after its owner, with one float32 addition
// per member: ((x[c+1] + x[c+2]) + …) + x[c], ranks mod N. Lossy codecs quantize each partial sum on the way, and
// the owner adopts decode(encode(sum)) for its own chunk, the very bits the others decode from its frames.
//
// Lazy start: this member's values (input plus carried residual) are copied into `work` segment by segment, when
// the schedule first touches them: its step-0 chunk when encoded, every other chunk when its reduce-scatter frame
// arrives. Each position is touched first at exactly one of those points. Copying and checking the whole vector
// before the first send cost 50–80 ms per 16 MiB in Chromium (measured), time in which no link carried data.
// For the same reason finiteness is checked where values are encoded: every position of this member's input
// reaches exactly one encoded frame (alone at step 0, else inside a partial sum), and a NaN or ∞ there is this
// member's own (received values were checked on decode), or an overflow of its addition.

import { allFinite } from './allFinite.ts'
import type { CodecImplementation } from './codec.ts'
import { decodeStatus } from './codec.ts'
import { NonFiniteSumError, type ViolationReason } from './errors.ts'
import { type DataFrame, encodeDataFrame, type FrameBase, headerBytes, setFrameStep } from './frame.ts'
import type { Partition } from './partition.ts'
import { isReduceStep, receiveChunk, sendChunk, stepCount } from './ringSchedule.ts'

/** A frame to send to the successor: encoded from the work vector when sent, or a received frame forwarded. */
export type OutgoingItem = { step: number; segment: number; frame?: Uint8Array }

export type Acceptance =
  { ok: true; next: OutgoingItem | undefined } | { ok: false; reason: ViolationReason; details: string }

export type RingReducerParameters = {
  rank: number
  size: number
  codec: CodecImplementation
  partition: Partition
  /** This member's input; never written. */
  input: Float32Array
  /** Error feedback's residual from the last attempt, added to the input as it is copied; same length. */
  carried: Float32Array | undefined
  /** Fresh, as long as the input; becomes the result in place. */
  work: Float32Array
  /** Receives what this member's encodings dropped, position by position; absent without error feedback. */
  residual: Float32Array | undefined
  header: FrameBase
}

export type RingReducer = {
  /** Step 0: this member's own values of its first chunk. */
  initial(): OutgoingItem[]
  accept(frame: DataFrame, bytes: Uint8Array): Acceptance
  /** Throws NonFiniteSumError if the values it would encode are not all finite. */
  frameOf(item: OutgoingItem): Uint8Array
  /** Data frames still owed by the predecessor. */
  remaining(): number
}

export function createRingReducer({
  rank,
  size,
  codec,
  partition,
  input,
  carried,
  work,
  residual,
  header,
}: RingReducerParameters): RingReducer {
  const steps = stepCount(size)
  /** This member's values for [start, end), on first touch. */
  const initialize = (start: number, end: number) => {
    if (!carried) return work.set(input.subarray(start, end), start)
    for (let i = start; i < end; i++) work[i] = input[i]! + carried[i]!
  }
  // Alone in the ring, the result is this member's values: nothing is received or encoded.
  if (steps === 0) initialize(0, work.length)
  const lastReduceStep = size - 2
  const nextSegment = new Uint32Array(steps)
  let remaining = 0
  for (let step = 0; step < steps; step++) remaining += partition.segmentCount(receiveChunk(rank, step, size))
  const decoded = new Float32Array(partition.segmentValues)
  const reject = (reason: ViolationReason, details: string): Acceptance => ({ ok: false, reason, details })

  return {
    initial() {
      if (steps === 0) return []
      const count = partition.segmentCount(sendChunk(rank, 0, size))
      return Array.from({ length: count }, (_, segment) => ({ step: 0, segment }))
    },

    accept(frame, bytes) {
      const { step, segment } = frame
      if (frame.codec !== codec.name)
        return reject('malformed', `codec ${frame.codec}, this attempt uses ${codec.name}`)
      if (step >= steps) return reject('malformed', `step ${step} of ${steps}`)
      const chunk = receiveChunk(rank, step, size)
      if (frame.chunk !== chunk) return reject('malformed', `chunk ${frame.chunk} at step ${step}, expected ${chunk}`)
      const expected = nextSegment[step]!
      if (segment < expected) return reject('duplicate', `segment ${segment} of step ${step} arrived again`)
      if (segment !== expected || segment >= partition.segmentCount(chunk))
        return reject(
          'malformed',
          `segment ${segment} of step ${step}, expected ${expected} of ${partition.segmentCount(chunk)}`,
        )
      const start = partition.segmentStart(chunk, segment)
      const end = partition.segmentEnd(chunk, segment)
      const length = codec.encodedBytes(end - start)
      if (frame.payload.byteLength !== length)
        return reject(
          'wrong-length',
          `${frame.payload.byteLength} payload bytes for ${end - start} values, expected ${length}`,
        )
      const target = work.subarray(start, end)
      const reducing = isReduceStep(step, size)
      if (reducing) initialize(start, end)
      const status = reducing ? codec.decodeAdd(frame.payload, target) : codec.decode(frame.payload, target)
      if (status === decodeStatus.nonFinite) return reject('non-finite', `segment ${segment} of step ${step}`)
      if (status === decodeStatus.outOfRange) return reject('out-of-range', `segment ${segment} of step ${step}`)
      nextSegment[step] = expected + 1
      remaining--
      // Reduce-scatter: the partial sum now includes this member; after the last step it is the owner's total,
      // sent as all-gather step N-1. All-gather: pass the bytes on unchanged until the chunk has gone round.
      if (reducing) return { ok: true, next: { step: step + 1, segment } }
      if (step + 1 === steps) return { ok: true, next: undefined }
      setFrameStep(bytes, step + 1)
      return { ok: true, next: { step: step + 1, segment, frame: bytes } }
    },

    frameOf(item) {
      if (item.frame) return item.frame
      const { step, segment } = item
      const chunk = sendChunk(rank, step, size)
      const start = partition.segmentStart(chunk, segment)
      const end = partition.segmentEnd(chunk, segment)
      if (step === 0) initialize(start, end)
      const values = work.subarray(start, end)
      if (!allFinite(values)) throw new NonFiniteSumError(step, chunk, segment)
      const frame = encodeDataFrame(
        { ...header, codec: codec.name, step, chunk, segment },
        codec.encodedBytes(values.length),
      )
      const payload = frame.subarray(headerBytes)
      codec.encode(values, payload)
      const owner = step === lastReduceStep + 1
      if (codec.lossy && (residual || owner)) {
        const quantized = decoded.subarray(0, values.length)
        codec.decode(payload, quantized)
        if (residual) for (let i = 0; i < values.length; i++) residual[start + i] = values[i]! - quantized[i]!
        if (owner) values.set(quantized)
      }
      return frame
    },

    remaining: () => remaining,
  }
}
