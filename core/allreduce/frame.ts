// Binary frames of the ring all-reduce. Every frame is a 32-byte header and a payload, little-endian:
//
//   offset  field      type  meaning
//   0       version    u8    protocol version, 1; any other version is rejected, never guessed at
//   1       type       u8    1 data · 2 heartbeat · 3 abort
//   2       codec      u8    data: 1 fp32 · 2 fp16 · 3 int8 (index in Manifest `codecs` + 1); others: 0
//   3       flags      u8    heartbeat: bit 0 joined (the sender runs this attempt), bit 1 done (it holds the
//                             full result; implies joined); others: 0
//   4       swarm      8 B   first 8 bytes of the 32-byte swarm id
//   12      round      u32   heartbeat: the sender's latest attempt (0, 0 and not joined before its first)
//   16      attempt    u32
//   20      step       u16   0..N-2 reduce-scatter, N-1..2N-3 all-gather; others: 0
//   22      chunk      u16   which of the N chunks the payload belongs to; others: 0
//   24      segment    u32   index of the segment within the chunk; others: 0
//   28      length     u32   payload bytes; must equal the frame's length − 32
//   32      payload
//             data:      one segment in the codec's encoding (see fp32Codec, fp16Codec, int8Codec)
//             heartbeat: empty
//             abort:     [reason : u8 (index in failureReasons)][culpritLength : u16][culprit : UTF-8 peer id]
//
// The header is 32 bytes so that payloads start 4-byte aligned: decoders view them as typed arrays in place.

import { type Codec, codecs } from '../manifest/Manifest.ts'
import { type FailureReason, FrameDecodeError, failureReasons } from './errors.ts'
import type { PeerId } from '../types/PeerId.ts'

export const frameVersion = 1
export const headerBytes = 32
const typeCodes = { data: 1, heartbeat: 2, abort: 3 } as const
const joinedFlag = 1
const doneFlag = 2

export type FrameBase = { swarm: Uint8Array; round: number; attempt: number }
export type DataFrame = FrameBase & {
  type: 'data'
  codec: Codec
  step: number
  chunk: number
  segment: number
  payload: Uint8Array
}
export type HeartbeatFrame = FrameBase & { type: 'heartbeat'; joined: boolean; done: boolean }
export type AbortFrame = FrameBase & { type: 'abort'; reason: FailureReason; culprit: PeerId }
export type Frame = DataFrame | HeartbeatFrame | AbortFrame

/** The 8 bytes of a 32-byte swarm id (0x-hex or bytes) that every frame carries. */
export function swarmTagOf(swarmId: `0x${string}` | Uint8Array): Uint8Array {
  if (typeof swarmId !== 'string') return swarmId.slice(0, 8)
  if (!/^0x[0-9a-fA-F]{64}$/.test(swarmId)) throw new RangeError(`a swarm id is 32 bytes of 0x-hex, got ${swarmId}`)
  const tag = new Uint8Array(8)
  for (let i = 0; i < 8; i++) tag[i] = Number.parseInt(swarmId.slice(2 + 2 * i, 4 + 2 * i), 16)
  return tag
}

function writeHeader(
  bytes: Uint8Array,
  type: number,
  codec: number,
  flags: number,
  base: FrameBase,
  step: number,
  chunk: number,
  segment: number,
) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes)
  view.setUint8(0, frameVersion)
  view.setUint8(1, type)
  view.setUint8(2, codec)
  view.setUint8(3, flags)
  bytes.set(base.swarm.subarray(0, 8), 4)
  view.setUint32(12, base.round, true)
  view.setUint32(16, base.attempt, true)
  view.setUint16(20, step, true)
  view.setUint16(22, chunk, true)
  view.setUint32(24, segment, true)
  view.setUint32(28, bytes.byteLength - headerBytes, true)
}

/** A data frame with room for `payloadBytes`; the codec writes the payload into `frame.subarray(headerBytes)`. */
export function encodeDataFrame(fields: Omit<DataFrame, 'type' | 'payload'>, payloadBytes: number): Uint8Array {
  const bytes = new Uint8Array(headerBytes + payloadBytes)
  writeHeader(
    bytes,
    typeCodes.data,
    codecs.indexOf(fields.codec) + 1,
    0,
    fields,
    fields.step,
    fields.chunk,
    fields.segment,
  )
  return bytes
}

export function encodeHeartbeat(fields: Omit<HeartbeatFrame, 'type'>): Uint8Array {
  const bytes = new Uint8Array(headerBytes)
  writeHeader(
    bytes,
    typeCodes.heartbeat,
    0,
    (fields.joined || fields.done ? joinedFlag : 0) | (fields.done ? doneFlag : 0),
    fields,
    0,
    0,
    0,
  )
  return bytes
}

export function encodeAbort(fields: Omit<AbortFrame, 'type'>): Uint8Array {
  const culprit = new TextEncoder().encode(fields.culprit)
  const bytes = new Uint8Array(headerBytes + 3 + culprit.byteLength)
  writeHeader(bytes, typeCodes.abort, 0, 0, fields, 0, 0, 0)
  const view = new DataView(bytes.buffer, headerBytes, 3)
  view.setUint8(0, failureReasons.indexOf(fields.reason))
  view.setUint16(1, culprit.byteLength, true)
  bytes.set(culprit, headerBytes + 3)
  return bytes
}

/**
 * Relabels a received all-gather frame for the next hop: forwarding never re-encodes, so every member gets the same
 * bits.
 */
export function setFrameStep(frame: Uint8Array, step: number): void {
  new DataView(frame.buffer, frame.byteOffset, headerBytes).setUint16(20, step, true)
}

/** Parses and checks one frame; throws FrameDecodeError on anything this version does not define. */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.byteLength < headerBytes)
    throw new FrameDecodeError('truncated', `${bytes.byteLength} bytes is shorter than the header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint8(0)
  if (version !== frameVersion) throw new FrameDecodeError('version', `version ${version}, expected ${frameVersion}`)
  const type = view.getUint8(1)
  const codecCode = view.getUint8(2)
  const flags = view.getUint8(3)
  const length = view.getUint32(28, true)
  if (length !== bytes.byteLength - headerBytes)
    throw new FrameDecodeError(
      'length',
      `header says ${length} payload bytes, frame has ${bytes.byteLength - headerBytes}`,
    )
  const base: FrameBase = {
    swarm: bytes.subarray(4, 12),
    round: view.getUint32(12, true),
    attempt: view.getUint32(16, true),
  }
  const step = view.getUint16(20, true)
  const chunk = view.getUint16(22, true)
  const segment = view.getUint32(24, true)
  const payload = bytes.subarray(headerBytes)
  if (type === typeCodes.data) {
    const codec = codecs[codecCode - 1]
    if (codecCode === 0 || codec === undefined) throw new FrameDecodeError('codec', `codec ${codecCode}`)
    if (flags !== 0) throw new FrameDecodeError('flags', `flags ${flags} on a data frame`)
    if (length === 0) throw new FrameDecodeError('length', 'a data frame without payload')
    return { type: 'data', ...base, codec, step, chunk, segment, payload }
  }
  if (type !== typeCodes.heartbeat && type !== typeCodes.abort) throw new FrameDecodeError('type', `type ${type}`)
  if (codecCode !== 0) throw new FrameDecodeError('codec', `codec ${codecCode} on a control frame`)
  if (step !== 0 || chunk !== 0 || segment !== 0)
    throw new FrameDecodeError('fields', `step ${step}, chunk ${chunk}, segment ${segment} on a control frame`)
  if (type === typeCodes.heartbeat) {
    if ((flags & ~(joinedFlag | doneFlag)) !== 0 || flags === doneFlag)
      throw new FrameDecodeError('flags', `flags ${flags} on a heartbeat`)
    if (length !== 0) throw new FrameDecodeError('length', `a heartbeat with ${length} payload bytes`)
    return { type: 'heartbeat', ...base, joined: (flags & joinedFlag) !== 0, done: (flags & doneFlag) !== 0 }
  }
  if (flags !== 0) throw new FrameDecodeError('flags', `flags ${flags} on an abort`)
  return { type: 'abort', ...base, ...decodeAbortPayload(payload) }
}

function decodeAbortPayload(payload: Uint8Array): { reason: FailureReason; culprit: PeerId } {
  if (payload.byteLength < 3) throw new FrameDecodeError('abort', `${payload.byteLength} payload bytes`)
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
  const reason = failureReasons[view.getUint8(0)]
  if (reason === undefined) throw new FrameDecodeError('abort', `reason ${view.getUint8(0)}`)
  const culpritLength = view.getUint16(1, true)
  if (culpritLength === 0 || culpritLength !== payload.byteLength - 3)
    throw new FrameDecodeError('abort', `culprit of ${culpritLength} bytes in ${payload.byteLength - 3}`)
  let culprit: string
  try {
    culprit = new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(3))
  } catch (error) {
    throw new FrameDecodeError('abort', `culprit is not UTF-8: ${(error as Error).message}`)
  }
  return { reason, culprit }
}
