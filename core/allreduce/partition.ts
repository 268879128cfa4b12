// Where each chunk and segment of a flat vector lies. Pure data handling, apart from the orchestration: every
// member derives the same bounds from (length, chunks, segmentValues), so frames carry only indices and a
// receiver knows the exact length each frame must have.

export type Partition = {
  readonly length: number
  readonly chunks: number
  /** Values per segment; the last segment of a chunk may be shorter. */
  readonly segmentValues: number
  chunkStart(chunk: number): number
  chunkEnd(chunk: number): number
  /** 0 for an empty chunk (when the vector is shorter than the ring). */
  segmentCount(chunk: number): number
  segmentStart(chunk: number, segment: number): number
  segmentEnd(chunk: number, segment: number): number
}

/** N contiguous chunks whose sizes differ by at most one, each cut into segments of `segmentValues`. */
export function createPartition(length: number, chunks: number, segmentValues: number): Partition {
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`length must be a non-negative integer, got ${length}`)
  if (!Number.isInteger(chunks) || chunks < 1) throw new RangeError(`chunks must be a positive integer, got ${chunks}`)
  if (!Number.isInteger(segmentValues) || segmentValues < 1)
    throw new RangeError(`segmentValues must be a positive integer, got ${segmentValues}`)
  const chunkStart = (chunk: number) => Math.floor((chunk * length) / chunks)
  const chunkEnd = (chunk: number) => chunkStart(chunk + 1)
  const segmentStart = (chunk: number, segment: number) => chunkStart(chunk) + segment * segmentValues
  return {
    length,
    chunks,
    segmentValues,
    chunkStart,
    chunkEnd,
    segmentCount: (chunk) => Math.ceil((chunkEnd(chunk) - chunkStart(chunk)) / segmentValues),
    segmentStart,
    segmentEnd: (chunk, segment) => Math.min(chunkEnd(chunk), segmentStart(chunk, segment) + segmentValues),
  }
}
