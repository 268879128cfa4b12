import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { VersionRecord } from '../swarm/records.ts'
import { unitsByPayee } from './unitsByPayee.ts'
import { unitsByPeer } from './unitsByPeer.ts'

const version = (n: number, contributors: string[], batchSize = 64): VersionRecord => ({
  version: n,
  hash: `0x${'00'.repeat(32)}`,
  round: n - 1,
  attempt: 0,
  contributors,
  batchSize,
  nextOffset: 0,
  evidence: [],
  loss: 1,
  signer: 'leader',
  at: n,
})
const limits = { batchSize: 64, lastVersion: 100 }

describe('unitsByPeer', () => {
  test('pays each contributor of each committed version its batch', () => {
    const versions = [version(0, []), version(1, ['a', 'b']), version(2, ['a']), version(3, ['b', 'c'])]
    expect(unitsByPeer({ versions, ...limits })).toEqual(
      new Map([
        ['a', 128n],
        ['b', 128n],
        ['c', 64n],
      ]),
    )
  })

  test("a leader cannot pay more than the manifest's batch, nor for versions past the last one", () => {
    const versions = [version(1, ['a'], 10_000), version(2, ['a'], 8), version(101, ['a'])]
    expect(unitsByPeer({ versions, ...limits })).toEqual(new Map([['a', 72n]]))
  })

  test('is the sum of batches whatever the order of versions', () => {
    const peers = ['a', 'b', 'c', 'd']
    const rounds = fc.array(fc.subarray(peers, { minLength: 1 }), { maxLength: 40 })
    fc.assert(
      fc.property(rounds, fc.integer({ min: 0, max: 1_000 }), (members, seed) => {
        const versions = members.map((contributors, i) => version(i + 1, contributors))
        const shuffled = [...versions].sort(
          (a, b) => ((a.version * 7919 + seed) % 101) - ((b.version * 7919 + seed) % 101),
        )
        const units = unitsByPeer({ versions: shuffled, ...limits })
        for (const peer of peers)
          expect(units.get(peer) ?? 0n).toBe(BigInt(64 * members.filter((m) => m.includes(peer)).length))
      }),
      { numRuns: 100, seed: 13 },
    )
  })
})

describe('unitsByPayee', () => {
  test('sums the sessions of one wallet and keeps undeclared peers apart', () => {
    const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const units = new Map([
      ['tab1', 64n],
      ['tab2', 128n],
      ['anon', 64n],
    ])
    expect(
      unitsByPayee(
        units,
        new Map([
          ['tab1', alice],
          ['tab2', alice],
        ]),
      ),
    ).toEqual({ paid: new Map([[alice, 192n]]), unassigned: 64n })
  })
})
