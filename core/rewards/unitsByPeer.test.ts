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
/** No audit window, probation nor bans: what the rules below take away is tested against these. */
const limits = { batchSize: 64, lastVersion: 100, auditWindow: 0, probationRounds: 0, bans: new Map<string, number>() }
const chain = (count: number, contributors: string[]) =>
  Array.from({ length: count }, (_, i) => version(i + 1, contributors))

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

describe('unitsByPeer: audit window', () => {
  test('pays only versions at least auditWindow behind the latest', () => {
    const versions = chain(10, ['a'])
    expect(unitsByPeer({ ...limits, versions, auditWindow: 4 }).get('a')).toBe(64n * 6n)
    expect(unitsByPeer({ ...limits, versions: versions.slice(0, 4), auditWindow: 4 }).get('a')).toBeUndefined()
    expect(unitsByPeer({ ...limits, versions: versions.slice(0, 5), auditWindow: 4 }).get('a')).toBe(64n)
  })

  test("once the swarm's last version is committed the whole window is paid", () => {
    const versions = chain(10, ['a'])
    expect(unitsByPeer({ ...limits, versions, auditWindow: 4, lastVersion: 10 }).get('a')).toBe(64n * 10n)
    expect(unitsByPeer({ ...limits, versions, auditWindow: 4, lastVersion: 11 }).get('a')).toBe(64n * 6n)
  })
})

describe('unitsByPeer: probation', () => {
  test("a key's first probationRounds contributions pay nothing, in version order whatever the arrival order", () => {
    const versions = [...chain(6, ['a']), version(7, ['a', 'b']), version(8, ['b'])].reverse()
    expect(unitsByPeer({ ...limits, versions, probationRounds: 3 })).toEqual(new Map([['a', 64n * 4n]]))
    expect(unitsByPeer({ ...limits, versions, probationRounds: 1 })).toEqual(
      new Map([
        ['a', 64n * 6n],
        ['b', 64n],
      ]),
    )
  })

  test('a thousand self-made keys that each contribute fewer than probationRounds earn nothing', () => {
    const sybils = Array.from({ length: 1000 }, (_, i) => `sybil ${i}`)
    // 1000 keys over 500 versions, four per version and each key in two of them: 128,000 samples of work.
    const versions = Array.from({ length: 500 }, (_, i) =>
      version(i + 1, ['honest', ...[0, 1, 2, 3].map((j) => sybils[(4 * i + j) % 1000]!)]),
    )
    const units = unitsByPeer({ ...limits, versions, lastVersion: 1_000, probationRounds: 3 })
    expect(units).toEqual(new Map([['honest', 64n * 497n]]))
    expect(unitsByPeer({ ...limits, versions, lastVersion: 1_000, probationRounds: 2 }).get(sybils[0]!)).toBe(undefined)
    expect(unitsByPeer({ ...limits, versions, lastVersion: 1_000, probationRounds: 1 }).get(sybils[0]!)).toBe(64n)
  })
})

describe('unitsByPeer: forfeiture', () => {
  // A ban written when version 20 was the latest applies from round 22 (banVersionFor): receipts signed by then
  // covered up to 20 - auditWindow.
  const bans = new Map([['liar', 22]])
  const versions = chain(30, ['liar', 'honest'])

  test('a banned peer keeps what could have been receipted when its ban was written, and forfeits the rest', () => {
    const units = unitsByPeer({ ...limits, versions, auditWindow: 4, bans })
    expect(units.get('liar')).toBe(64n * 16n)
    expect(units.get('honest')).toBe(64n * 26n)
    expect(unitsByPeer({ ...limits, versions, bans }).get('liar')).toBe(64n * 20n)
  })

  test('forfeiture holds whatever comes later: more versions, the end of the swarm', () => {
    for (const count of [22, 30, 60])
      expect(unitsByPeer({ ...limits, versions: chain(count, ['liar']), auditWindow: 4, bans }).get('liar')).toBe(
        64n * 16n,
      )
    expect(unitsByPeer({ ...limits, versions, auditWindow: 4, bans, lastVersion: 30 }).get('liar')).toBe(64n * 16n)
  })

  test("an audit's ban forfeits from the version it refuted, even when it came after the audit window", () => {
    // Refuted version 12's contribution, banned only when version 20 was the latest: 16 alone would keep 12..16.
    const units = unitsByPeer({ ...limits, versions, auditWindow: 4, bans, forfeitsFrom: new Map([['liar', 12]]) })
    expect(units.get('liar')).toBe(64n * 11n)
    expect(units.get('honest')).toBe(64n * 26n)
  })

  test('versions above auditedThrough wait for their audits, whatever the window says', () => {
    expect(unitsByPeer({ ...limits, versions, auditWindow: 4, auditedThrough: 10 }).get('honest')).toBe(64n * 10n)
    expect(unitsByPeer({ ...limits, versions, auditWindow: 4, auditedThrough: 29 }).get('honest')).toBe(64n * 26n)
  })

  test("a peer's versions above its latest verified audit wait for the next one", () => {
    const verifiedThrough = new Map([['honest', 14]])
    const units = unitsByPeer({ ...limits, versions, auditWindow: 4, verifiedThrough })
    expect(units.get('honest')).toBe(64n * 14n)
    // One never verified (turned hostile after its probation was checked elsewhere) is paid nothing.
    expect(units.get('liar')).toBe(undefined)
  })

  test('probation and forfeiture together: a key banned before it passed probation never earns', () => {
    const early = new Map([['liar', 4]])
    expect(unitsByPeer({ ...limits, versions, auditWindow: 2, probationRounds: 3, bans: early }).get('liar')).toBe(
      undefined,
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
