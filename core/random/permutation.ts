import { createRandom } from './createRandom.ts'

/** A seeded Fisher–Yates permutation of 0..length-1: the same seed gives the same order on every peer. */
export function permutation(length: number, seed: number | string): Uint32Array {
  const order = new Uint32Array(length)
  for (let i = 0; i < length; i++) order[i] = i
  const random = createRandom(seed)
  for (let i = length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1)
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}
