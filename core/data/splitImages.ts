import { permutation } from '../random/permutation.ts'

/** A fifth of the images is held out: 10,000 mnist digits give 8,000 to train on and 2,000 to evaluate. */
export const heldOutFraction = 1 / 5

/** Fixed for all swarms: a model's held-out accuracy means the same thing in every swarm that trains on a file. */
const splitSeed = 'starling/split/images/v1'

export type ImageSplit = {
  /** Image index in the file of each train position: train sample i is image train[i]. */
  train: Uint32Array
  /** Image indices evaluated by `evaluate`. */
  heldOut: Uint32Array
}

/**
 * The train/held-out split of an image file: a seeded permutation of all images, cut so that the last
 * ⌊count/5⌋ are held out. Every peer computes the same split; samples in the protocol are train positions.
 */
export function splitImages(count: number): ImageSplit {
  const order = permutation(count, splitSeed)
  const heldOutSize = Math.floor(count * heldOutFraction)
  return { train: order.subarray(0, count - heldOutSize), heldOut: order.subarray(count - heldOutSize) }
}
