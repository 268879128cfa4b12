import { BaseError } from '../errors/BaseError.ts'
import { permutation } from '../random/permutation.ts'

export type ShardForParameters = {
  /** The manifest's training seed. */
  seed: number
  /** Stream position where the round starts: the samples all earlier rounds consumed (members × batch, summed). */
  offset: number
  /** The member's place in the round's ring order, from 0. */
  rank: number
  batchSize: number
  /** Train samples in the dataset (the worker's `trainSize`). */
  trainSize: number
}

/** Shard parameters that are not whole numbers in range. */
export class InvalidShardRequestError extends BaseError {
  override name = 'InvalidShardRequestError' as const
  constructor(
    readonly field: string,
    readonly value: number,
    readonly min: number,
  ) {
    super(`Cannot compute a shard: ${field} must be a whole number ≥ ${min}, got ${value}.`)
  }
}

/** A round whose samples could repeat across the boundary between two epochs. */
export class ShardTooLargeError extends BaseError {
  override name = 'ShardTooLargeError' as const
  constructor(
    readonly rank: number,
    readonly batchSize: number,
    readonly trainSize: number,
  ) {
    super(
      `Rank ${rank} with batch ${batchSize} reaches past half of the ${trainSize} train samples, ` +
        `so its round could repeat samples.`,
      {
        metaMessages: [`Members × batch size must not exceed ${Math.floor(trainSize / 2)} for this dataset.`],
      },
    )
  }
}

/**
 * The train samples (positions 0 … trainSize−1) member `rank` computes in the round starting at `offset`:
 * positions [offset + rank·B, offset + (rank+1)·B) of an endless stream of epochs. Anyone can recompute it,
 * which would let validators spot-check a member's gradient (not done yet: docs/architecture.md §8).
 *
 * Each epoch visits every sample once. To keep a round disjoint when it straddles two epochs, the samples are
 * split once per seed into halves S and S′, and every epoch is a shuffle of S followed by a shuffle of S′
 * (each seeded by (seed, epoch)): the end of one epoch and the start of the next never share a sample, so
 * every round of at most trainSize/2 samples is disjoint.
 */
export function shardFor({ seed, offset, rank, batchSize, trainSize }: ShardForParameters): Uint32Array {
  for (const [name, value, min] of [
    ['offset', offset, 0],
    ['rank', rank, 0],
    ['batchSize', batchSize, 1],
    ['trainSize', trainSize, 1],
  ] as const)
    if (!Number.isSafeInteger(value) || value < min) throw new InvalidShardRequestError(name, value, min)
  if ((rank + 1) * batchSize > Math.floor(trainSize / 2)) throw new ShardTooLargeError(rank, batchSize, trainSize)
  const shard = new Uint32Array(batchSize)
  const start = offset + rank * batchSize
  for (let k = 0; k < batchSize; k++) {
    const position = start + k
    const epoch = Math.floor(position / trainSize)
    shard[k] = epochOrder(seed, epoch, trainSize)[position - epoch * trainSize]!
  }
  return shard
}

// One cached epoch (and the halves it is built from): a round needs at most two epochs and rounds move forward,
// so recomputing is rare, while a permutation of a large text stream costs tens of milliseconds.
let cachedHalves: { key: string; order: Uint32Array } | undefined
let cachedEpoch: { key: string; order: Uint32Array } | undefined

function epochOrder(seed: number, epoch: number, trainSize: number): Uint32Array {
  const key = `starling/shard/${seed}/${trainSize}`
  if (cachedEpoch?.key === `${key}/${epoch}`) return cachedEpoch.order
  if (cachedHalves?.key !== key) cachedHalves = { key, order: permutation(trainSize, `${key}/halves`) }
  const halves = cachedHalves.order
  const half = Math.floor(trainSize / 2)
  const order = new Uint32Array(trainSize)
  const first = permutation(half, `${key}/${epoch}/0`)
  const second = permutation(trainSize - half, `${key}/${epoch}/1`)
  for (let j = 0; j < half; j++) order[j] = halves[first[j]!]!
  for (let j = half; j < trainSize; j++) order[j] = halves[half + second[j - half]!]!
  cachedEpoch = { key: `${key}/${epoch}`, order }
  return order
}
