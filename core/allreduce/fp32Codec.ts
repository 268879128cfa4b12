// fp32: the raw little-endian float32 bits, 4 bytes a value. Exact: the all-reduce result is the ordered float32
// sum defined in ringSchedule, the same bits on every member.

import { type CodecImplementation, type DecodeStatus, decodeStatus } from './codec.ts'
import { float32s } from './typedViews.ts'

export const fp32Codec: CodecImplementation = {
  name: 'fp32',
  lossy: false,
  encodedBytes: (count) => count * 4,
  valuesPerPayload: (maxBytes) => Math.floor(maxBytes / 4),
  encode(values, payload) {
    payload.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
  },
  decode(payload, target) {
    const source = float32s(payload, target.length)
    target.set(source)
    // v − v is 0 for every finite v and NaN otherwise: one branch-free pass instead of a test per value.
    let poison = 0
    for (let i = 0; i < source.length; i++) poison += source[i]! - source[i]!
    return poison === 0 ? decodeStatus.ok : decodeStatus.nonFinite
  },
  decodeAdd(payload, target): DecodeStatus {
    const source = float32s(payload, target.length)
    let poison = 0
    for (let i = 0; i < source.length; i++) {
      const v = source[i]!
      poison += v - v
      target[i]! += v
    }
    return poison === 0 ? decodeStatus.ok : decodeStatus.nonFinite
  },
}
