// What the bench checks of an all-reduce result: that every member holds the same bits (a checksum the driver
// compares) and how far it lies from the exact sum (lossy codecs trade accuracy for bytes).

/** FNV-1a over the float32 bits. */
export function checksumOf(values: Float32Array): number {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length)
  let hash = 0x811c9dc5
  for (let i = 0; i < bits.length; i++) hash = Math.imul(hash ^ bits[i]!, 0x01000193) >>> 0
  return hash
}

/** max |result − reference| / max |reference|. */
export function relativeErrorOf(result: Float32Array, reference: Float64Array): number {
  let error = 0
  let scale = 0
  for (let i = 0; i < result.length; i++) {
    error = Math.max(error, Math.abs(result[i]! - reference[i]!))
    scale = Math.max(scale, Math.abs(reference[i]!))
  }
  return scale === 0 ? error : error / scale
}
