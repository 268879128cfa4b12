// int8 with a scale per block of up to 128 values, blocks counted from the segment's start:
//   payload = [scale : f32 little-endian] × blocks · [value : i8] × count,   value ∈ [-127, 127]
// A value decodes to value · scale (as float32). The encoder takes scale = max|x| / 127 over the block, so the
// error is at most scale / 2 = max|x| / 254 per value (plus float32 rounding of the scale and the product).

import { type CodecImplementation, type DecodeStatus, decodeStatus } from './codec.ts'

export const int8BlockValues = 128
const roundingShift = 6755399441055744

const blocksOf = (count: number) => Math.ceil(count / int8BlockValues)

function decodeInto(payload: Uint8Array, target: Float32Array, add: boolean): DecodeStatus {
  const count = target.length
  const blocks = blocksOf(count)
  const scales = new DataView(payload.buffer, payload.byteOffset, blocks * 4)
  const values = new Int8Array(payload.buffer, payload.byteOffset + blocks * 4, count)
  for (let block = 0; block < blocks; block++) {
    const scale = scales.getFloat32(block * 4, true)
    if (!(scale >= 0 && scale < Number.POSITIVE_INFINITY)) return decodeStatus.nonFinite
    const end = Math.min(count, (block + 1) * int8BlockValues)
    let lowest = 0
    for (let i = block * int8BlockValues; i < end; i++) {
      const q = values[i]!
      if (q < lowest) lowest = q
      // fround: the decoded value is a float32 before it is added, exactly as decode() stores it.
      if (add) target[i]! += Math.fround(q * scale)
      else target[i] = q * scale
    }
    // -128 is never written (the range is symmetric); a sender that writes it is not running this encoder.
    if (lowest < -127) return decodeStatus.outOfRange
  }
  return decodeStatus.ok
}

export const int8Codec: CodecImplementation = {
  name: 'int8',
  lossy: true,
  encodedBytes: (count) => blocksOf(count) * 4 + count,
  valuesPerPayload(maxBytes) {
    const full = Math.floor(maxBytes / (int8BlockValues + 4))
    const rest = maxBytes - full * (int8BlockValues + 4)
    return full * int8BlockValues + (rest > 4 ? rest - 4 : 0)
  },
  encode(values, payload) {
    const count = values.length
    const blocks = blocksOf(count)
    const scales = new DataView(payload.buffer, payload.byteOffset, blocks * 4)
    const out = new Int8Array(payload.buffer, payload.byteOffset + blocks * 4, count)
    for (let block = 0; block < blocks; block++) {
      const start = block * int8BlockValues
      const end = Math.min(count, start + int8BlockValues)
      let max = 0
      for (let i = start; i < end; i++) {
        const magnitude = Math.abs(values[i]!)
        if (magnitude > max) max = magnitude
      }
      const scale = Math.fround(max / 127)
      scales.setFloat32(block * 4, scale, true)
      const inverse = scale > 0 ? 1 / scale : 0
      // |x · inverse| ≤ 127 · (1 + 2^-24) since scale is max/127 rounded to float32, so it rounds to [-127, 127]
      // without a clamp. Adding and subtracting 1.5 · 2^52 rounds a double to an integer without a branch: the
      // sign test of Math.round-style code mispredicts on gradients and was 10× slower (measured).
      for (let i = start; i < end; i++) out[i] = values[i]! * inverse + roundingShift - roundingShift
    }
  },
  decode: (payload, target) => decodeInto(payload, target, false),
  decodeAdd: (payload, target) => decodeInto(payload, target, true),
}
