// Which chunk each rank sends at each step of the ring. Steps 0..N-2 are the reduce-scatter: rank r sends the
// partial sum of chunk (r − s − 1) mod N to rank r+1, which adds its own values; a chunk starts at rank c+1 and
// its sum is complete at rank c, its owner. Steps N-1..2N-3 are the all-gather: rank r forwards chunk (r − t)
// mod N, t = s − (N−1), starting with its own. Every rank sends each step exactly one chunk: 2(N−1)/N of the
// vector in all, the bandwidth-optimal amount (docs/architecture.md §5).

/** Steps per all-reduce: N−1 of reduce-scatter and N−1 of all-gather. */
export function stepCount(size: number): number {
  return 2 * (size - 1)
}

export function isReduceStep(step: number, size: number): boolean {
  return step < size - 1
}

export function sendChunk(rank: number, step: number, size: number): number {
  const offset = isReduceStep(step, size) ? step + 1 : step - (size - 1)
  return (((rank - offset) % size) + size) % size
}

/** What rank r receives at a step is what its predecessor sends at that step. */
export function receiveChunk(rank: number, step: number, size: number): number {
  return sendChunk(rank + size - 1, step, size)
}

/** The chunk whose complete sum a rank holds after the reduce-scatter. */
export function ownedChunk(rank: number): number {
  return rank
}
