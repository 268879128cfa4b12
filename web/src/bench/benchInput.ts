// The synthetic gradients of the bench: uniform in ±0.01 (the magnitude of an MLP's gradient), seeded by
// rank, so any page can recompute every member's input and the exact sum to check its result against.

import { createRandom } from '../../../core/random/createRandom.ts'

export function benchInput(values: number, rank: number): Float32Array {
  const random = createRandom(`bench-allreduce/${rank}`)
  const input = new Float32Array(values)
  for (let i = 0; i < values; i++) input[i] = (random.next() * 2 - 1) * 0.01
  return input
}

/** The float64 sum of the inputs of ranks 0..members-1. */
export function referenceSum(values: number, members: number): Float64Array {
  const sum = new Float64Array(values)
  for (let rank = 0; rank < members; rank++) {
    const input = benchInput(values, rank)
    for (let i = 0; i < values; i++) sum[i]! += input[i]!
  }
  return sum
}
