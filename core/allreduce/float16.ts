// IEEE 754 half precision from and to float32 bits, without per-value allocation: encoding rounds to nearest,
// ties to even, by integer arithmetic on the float32 bits; decoding is one lookup in a 65,536-entry table.

const maxHalf = 0x7bff // 65504
/** float32 bits of the smallest normal half, 2^-14. */
const minNormal = 0x38800000
/** float32 bits of 65520, the first value that rounds past 65504; such values saturate instead of becoming ∞. */
const overflow = 0x477ff000
/** Re-biases the exponent from 127 to 15 and adds the rounding increment 0xfff (the tie bit is added apart). */
const rebias = 0x38000000 - 0xfff
/** 2^52: adding and subtracting it rounds a double below 2^52 to an integer, ties to even. */
const roundingShift = 4503599627370496

/**
 * Half bits of a float32 given as its value and bits (the caller reads both from one buffer). Magnitudes
 * beyond 65504, ∞ and NaN saturate to ±65504: the all-reduce rejects non-finite input before encoding, and a
 * saturated partial sum is a bounded error that error feedback carries into the next round.
 */
export function halfBits(value: number, bits: number): number {
  const sign = (bits >>> 16) & 0x8000
  const magnitude = bits & 0x7fffffff
  if (magnitude >= minNormal) {
    if (magnitude >= overflow) return sign | maxHalf
    return sign | ((magnitude - rebias + ((magnitude >>> 13) & 1)) >>> 13)
  }
  // Subnormal half: m · 2^-24 with m = |value| · 2^24 rounded; m = 1024 is exactly the smallest normal's bits.
  return sign | (Math.abs(value) * 16777216 + roundingShift - roundingShift)
}

let table: Float32Array | undefined

/** float32 value of every half; ±∞ and NaN included, for the decoder to detect them. */
export function halfTable(): Float32Array {
  if (table) return table
  table = new Float32Array(65536)
  for (let h = 0; h < 65536; h++) {
    const exponent = (h >>> 10) & 0x1f
    const mantissa = h & 0x3ff
    const magnitude =
      exponent === 0
        ? mantissa * 2 ** -24
        : exponent === 0x1f
          ? mantissa === 0
            ? Number.POSITIVE_INFINITY
            : Number.NaN
          : (1024 + mantissa) * 2 ** (exponent - 25)
    table[h] = h & 0x8000 ? -magnitude : magnitude
  }
  return table
}
