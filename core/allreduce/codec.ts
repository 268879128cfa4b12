// What a wire encoding of float32 values provides. Encoders may lose precision; a decoder is the one meaning of
// the bytes, the same function on every member, so a member that forwards bytes unchanged and a member that
// decodes them hold the same bits.

import type { Codec } from '../manifest/Manifest.ts'

/** Decoders report what they found instead of throwing: the engine names the sender and aborts. */
export const decodeStatus = { ok: 0, nonFinite: 1, outOfRange: 2 } as const
export type DecodeStatus = (typeof decodeStatus)[keyof typeof decodeStatus]

export type CodecImplementation = {
  readonly name: Codec
  /** Whether decode(encode(x)) may differ from x, which is when error feedback has a residual to carry. */
  readonly lossy: boolean
  /** Payload bytes of `count` values. */
  encodedBytes(count: number): number
  /** The most values one payload of `maxBytes` holds. */
  valuesPerPayload(maxBytes: number): number
  /** Writes `values` into `payload`, which is exactly encodedBytes(values.length) long. */
  encode(values: Float32Array, payload: Uint8Array): void
  /** Overwrites `target` (payload's value count long) with the decoded values. */
  decode(payload: Uint8Array, target: Float32Array): DecodeStatus
  /** Adds the decoded values into `target`, one float32 addition per value. */
  decodeAdd(payload: Uint8Array, target: Float32Array): DecodeStatus
}
