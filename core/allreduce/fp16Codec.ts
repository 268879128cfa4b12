// fp16: IEEE half precision, 2 bytes a value, little-endian. Relative error ≤ 2^-11 per encoding in the normal
// range (|x| ≥ 2^-14), absolute ≤ 2^-25 below it; magnitudes past 65504 saturate (see float16.ts).

import { type CodecImplementation, type DecodeStatus, decodeStatus } from './codec.ts'
import { halfBits, halfTable } from './float16.ts'
import { uint16s } from './typedViews.ts'

function decodeInto(payload: Uint8Array, target: Float32Array, add: boolean): DecodeStatus {
  const table = halfTable()
  const source = uint16s(payload, target.length)
  // v − v is 0 for every finite v and NaN otherwise: one branch-free check instead of a test per value.
  let poison = 0
  for (let i = 0; i < source.length; i++) {
    const v = table[source[i]!]!
    poison += v - v
    target[i] = add ? target[i]! + v : v
  }
  return poison === 0 ? decodeStatus.ok : decodeStatus.nonFinite
}

export const fp16Codec: CodecImplementation = {
  name: 'fp16',
  lossy: true,
  encodedBytes: (count) => count * 2,
  valuesPerPayload: (maxBytes) => Math.floor(maxBytes / 2),
  encode(values, payload) {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length)
    const out = new Uint16Array(payload.buffer, payload.byteOffset, values.length)
    for (let i = 0; i < values.length; i++) out[i] = halfBits(values[i]!, bits[i]!)
  },
  decode: (payload, target) => decodeInto(payload, target, false),
  decodeAdd: (payload, target) => decodeInto(payload, target, true),
}
