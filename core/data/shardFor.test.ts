import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidShardRequestError, ShardTooLargeError, shardFor } from './shardFor.ts'

const round = (seed: number, offset: number, members: number, batchSize: number, trainSize: number) =>
  Array.from({ length: members }, (_, rank) => shardFor({ seed, offset, rank, batchSize, trainSize }))

describe('shardFor', () => {
  it('gives each member B distinct train samples, disjoint from the other members’', () => {
    const shards = round(1, 0, 3, 64, 8000)
    const all = shards.flatMap((s) => [...s])
    expect(all.length).toBe(192)
    expect(new Set(all).size).toBe(192)
    expect(all.every((i) => i < 8000)).toBe(true)
  })

  it('covers every sample exactly once per epoch', () => {
    const trainSize = 1000
    const seen = new Set<number>()
    for (let offset = 0; offset < trainSize; offset += 50)
      for (const shard of round(5, offset, 2, 25, trainSize)) for (const i of shard) seen.add(i)
    expect(seen.size).toBe(trainSize)
  })

  it('keeps rounds disjoint when they straddle two epochs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        (trainSize, offset, members, seed) => {
          const batchSize = Math.floor(trainSize / 2 / members)
          fc.pre(batchSize >= 1)
          const all = round(seed, offset, members, batchSize, trainSize).flatMap((s) => [...s])
          return new Set(all).size === all.length
        },
      ),
      { numRuns: 300, seed: 42 },
    )
  })

  it('is reproducible by anyone, and depends on the seed and the epoch', () => {
    const a = shardFor({ seed: 9, offset: 128, rank: 1, batchSize: 64, trainSize: 8000 })
    shardFor({ seed: 3, offset: 77_777, rank: 0, batchSize: 64, trainSize: 8000 })
    expect(shardFor({ seed: 9, offset: 128, rank: 1, batchSize: 64, trainSize: 8000 })).toEqual(a)
    expect(shardFor({ seed: 10, offset: 128, rank: 1, batchSize: 64, trainSize: 8000 })).not.toEqual(a)
    expect(shardFor({ seed: 9, offset: 128 + 8000, rank: 1, batchSize: 64, trainSize: 8000 })).not.toEqual(a)
  })

  it('is pinned, so a change to the rule is never silent (validators recompute it)', () => {
    expect(Array.from(shardFor({ seed: 1, offset: 0, rank: 0, batchSize: 8, trainSize: 8000 }))).toEqual([
      4748, 998, 3569, 6252, 6209, 1903, 3849, 5759,
    ])
  })

  it('refuses rounds that could repeat samples, and invalid numbers', () => {
    expect(() => shardFor({ seed: 1, offset: 0, rank: 62, batchSize: 64, trainSize: 8000 })).toThrow(ShardTooLargeError)
    expect(() => shardFor({ seed: 1, offset: -1, rank: 0, batchSize: 64, trainSize: 8000 })).toThrow(
      InvalidShardRequestError,
    )
    expect(() => shardFor({ seed: 1, offset: 0, rank: 0, batchSize: 0, trainSize: 8000 })).toThrow(
      InvalidShardRequestError,
    )
    expect(() => shardFor({ seed: 1, offset: 0.5, rank: 0, batchSize: 1, trainSize: 8000 })).toThrow(
      InvalidShardRequestError,
    )
  })
})
