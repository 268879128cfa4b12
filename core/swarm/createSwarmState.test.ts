// Signed records as readers see them: what a peer writes reads back; what anyone else forges, replays or bends
// is ignored and counted by reason, in the manner of OpenZeppelin's tests that tamper with each signed field.

import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createSwarmState, ForeignAuthorError } from './createSwarmState.ts'
import { recordDigest, sealRecord } from './recordEnvelope.ts'
import { outranksAll } from './authority/leaderRank.ts'
import { createKeySigner } from './recordSignature.ts'
import { type MapName, mapNames, type RecordMaps, recordKey } from './records.ts'
import type { Hex } from '../types/Hex.ts'

const swarmId = `0x${'51'.repeat(32)}` as Hex
const otherSwarm = `0x${'52'.repeat(32)}` as Hex
const alice = createKeySigner(`0x${'11'.repeat(32)}`)
const bob = createKeySigner(`0x${'22'.repeat(32)}`)
const mallory = createKeySigner(`0x${'33'.repeat(32)}`)
/** A hash under which alice ranks above bob (authority/leaderRank.ts): she leads and evaluates in these samples. */
function hashWhereAliceLeads(seed: number): Hex {
  for (let i = seed; ; i++) {
    const hash = `0x${i.toString(16).padStart(64, '0')}` as Hex
    if (outranksAll({ hash, contributors: [] }, alice.address, [bob.address])) return hash
  }
}
const h0 = hashWhereAliceLeads(0xa0)
const h1 = hashWhereAliceLeads(0xa1)

/** A committed version backed by alice's and bob's signed reports of its hash. */
function committed(version: number, nextOffset: number, hash = h1): RecordMaps['versions'] {
  const evidence = [alice, bob].map((peer) => {
    const report = { ...samples.reports, version, peer: peer.address, hash }
    return sealRecord(peer, swarmId, 'reports', recordKey.reports(report), report)
  })
  return { ...samples.versions, version, round: version - 1, nextOffset, hash, evidence }
}

const samples: { [K in MapName]: RecordMaps[K] } = {
  presence: { peer: alice.address, version: 1, hash: h1, active: true, backend: 'cpu', at: 1 },
  versions: {
    version: 1,
    hash: h1,
    round: 0,
    attempt: 0,
    contributors: [alice.address, bob.address],
    batchSize: 4,
    nextOffset: 8,
    evidence: [],
    loss: 0.5,
    signer: alice.address,
    at: 4,
  },
  rounds: { round: 1, attempt: 0, members: [alice.address, bob.address], offset: 8, leader: alice.address, at: 5 },
  reports: {
    version: 2,
    attempt: 0,
    peer: alice.address,
    hash: h1,
    loss: 0.5,
    samples: 4,
    timings: { compute: 1, allreduce: 2, optimizer: 3 },
    at: 6,
  },
  failures: {
    round: 1,
    attempt: 0,
    peer: alice.address,
    culprit: null,
    reportedBy: null,
    cause: 'worker crashed',
    at: 6,
  },
  commitments: { round: 1, attempt: 0, peer: alice.address, chunks: [h0, h1], at: 6 },
  evaluations: { version: 1, peer: alice.address, accuracy: 0.5, loss: 1, samples: 10, at: 7 },
  bans: {
    peer: bob.address,
    version: 3,
    reason: 'refuted audit',
    evidence: 'proof',
    forfeitsFrom: 2,
    validator: alice.address,
    at: 8,
  },
  endpoints: { validator: alice.address, url: 'http://127.0.0.1:4445', at: 9 },
}

samples.versions = committed(1, 8)

/** A doc where alice and bob are present, versions 0 and 1 are committed and alice leads round 1. */
function setup() {
  const doc = new Y.Doc()
  const state = createSwarmState(doc, { swarmId, signer: alice })
  const other = createSwarmState(doc, { swarmId, signer: bob })
  other.put('presence', { ...samples.presence, peer: bob.address })
  state.put('presence', samples.presence)
  state.put('versions', {
    version: 0,
    hash: h0,
    round: -1,
    attempt: 0,
    contributors: [],
    batchSize: 4,
    nextOffset: 0,
    evidence: [],
    loss: 0,
    signer: alice.address,
    at: 1,
  })
  state.put('versions', samples.versions)
  state.put('rounds', samples.rounds)
  const raw = (map: MapName) => doc.getMap<unknown>(map)
  return { doc, state, raw }
}

/** Another value of the same type and shape, so only the signature can tell. */
function tamper(value: unknown): unknown {
  if (typeof value === 'number') return value + 1
  if (typeof value === 'boolean') return !value
  if (value === null) return bob.address
  if (typeof value === 'string')
    return /^0x[0-9a-f]+$/.test(value) ? value.slice(0, -1) + (value.endsWith('0') ? '1' : '0') : `${value}!`
  if (Array.isArray(value)) return value.length > 1 ? [...value].reverse() : [bob.address]
  const record = value as Record<string, number>
  return { ...record, compute: record.compute! + 1 }
}

describe('signed records', () => {
  test('a peer reads back what it wrote, and so does every other replica', () => {
    const { doc, state } = setup()
    state.put('rounds', samples.rounds)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    const reader = createSwarmState(replica, { swarmId, signer: bob })
    expect(reader.get('rounds', '1')).toEqual(samples.rounds)
    expect(reader.latestVersion()).toEqual(samples.versions)
    expect(reader.ignored.size).toBe(0)
  })

  test.each(mapNames)('%s: each field tampered in turn is ignored and counted', (map) => {
    const { state, raw } = setup()
    const sample = samples[map] as Record<string, unknown>
    const envelope = sealRecord(alice, swarmId, map, recordKey[map](sample as never), sample as never)
    for (const field of Object.keys(sample)) {
      const forged = { ...sample, [field]: tamper(sample[field]) }
      const key = recordKey[map](forged as never)
      raw(map).set(key, { ...envelope, r: forged })
      // A committed version never changes: under an accepted version's key the reader keeps the one it accepted.
      if (map === 'versions' && key === '1') expect(state.get(map, key), field).toEqual(sample)
      else expect(state.get(map, key), field).toBeUndefined()
    }
    const counted = [...state.ignored]
      .filter(([reason]) => reason.startsWith(`${map}: `))
      .reduce((sum, [, n]) => sum + n, 0)
    expect(counted).toBe(Object.keys(sample).length)
    // Fields whose tampered value is still well-formed fail on the signature alone.
    expect(state.ignored.get(`${map}: bad signature`)).toBeGreaterThanOrEqual(Object.keys(sample).length - 2)
  })

  test('a record of another swarm is ignored, whether its swarm id is kept or rewritten', () => {
    const { state, raw } = setup()
    const foreign = sealRecord(bob, otherSwarm, 'presence', bob.address, { ...samples.presence, peer: bob.address })
    raw('presence').set(bob.address, foreign)
    expect(state.get('presence', bob.address)).toBeUndefined()
    raw('presence').set(bob.address, { ...foreign, w: swarmId })
    expect(state.get('presence', bob.address)).toBeUndefined()
    expect(state.ignored).toEqual(
      new Map([
        ['presence: another swarm', 1],
        ['presence: bad signature', 1],
      ]),
    )
  })

  test('a record signed by another key than its author is ignored', () => {
    const { state, raw } = setup()
    raw('rounds').set('1', sealRecord(mallory, swarmId, 'rounds', '1', samples.rounds))
    expect(state.get('rounds', '1')).toBeUndefined()
    expect(state.ignored.get('rounds: bad signature')).toBe(1)
  })

  test('a signed record replayed under another key or into another map is ignored', () => {
    const { state, raw } = setup()
    const report = sealRecord(alice, swarmId, 'reports', recordKey.reports(samples.reports), samples.reports)
    raw('reports').set(recordKey.reports({ ...samples.reports, attempt: 1 }), report)
    raw('failures').set('1:0:' + alice.address, report)
    expect(state.values('reports')).toEqual([])
    expect(state.values('failures')).toEqual([])
    expect(state.ignored).toEqual(
      new Map([
        ['reports: stored under another key', 1],
        ['failures: bad round', 1],
      ]),
    )
    // The digest binds swarm, map and key, so even a record that fits elsewhere would not verify there.
    const digests = new Set([
      recordDigest(swarmId, 'reports', '2:0:x', 1),
      recordDigest(swarmId, 'reports', '2:1:x', 1),
      recordDigest(swarmId, 'failures', '2:0:x', 1),
      recordDigest(otherSwarm, 'reports', '2:0:x', 1),
    ])
    expect(digests.size).toBe(4)
  })

  const impossibleContent =
    'impossible content is ignored: broken sample chain, unknown member, bad hash, records ahead of the latest ' +
    'version'
  test(impossibleContent, () => {
    const { state, raw } = setup()
    state.put('versions', committed(2, 8 + 3 * 4))
    state.put('rounds', { ...samples.rounds, members: [alice.address, mallory.address] })
    raw('versions').set('3', {
      ...sealRecord(alice, swarmId, 'versions', '3', { ...samples.versions, version: 3, round: 2 }),
      r: { ...samples.versions, version: 3, round: 2, hash: '0xab' },
    })
    state.put('rounds', { ...samples.rounds, round: 5, offset: 8 })
    state.put('presence', { ...samples.presence, version: 7 })
    expect(state.latestVersion()?.version).toBe(1)
    // The valid round 1 this replica read stays in force: an invalid record over it does not replace it.
    expect(state.get('rounds', '1')).toEqual(samples.rounds)
    expect([
      state.get('versions', '2'),
      state.get('versions', '3'),
      state.get('rounds', '5'),
      state.get('presence', alice.address),
    ]).toEqual([undefined, undefined, undefined, undefined])
    expect(Object.fromEntries(state.ignored)).toEqual({
      'versions: samples do not follow the previous version': 1,
      'rounds: unknown member': 1,
      'versions: bad hash': 1,
      'rounds: ahead of the latest version': 1,
      'presence: ahead of the latest version': 1,
    })
  })

  test('a version that arrives before its predecessor counts once the predecessor is there', () => {
    const { doc, state } = setup()
    const v2 = committed(2, 16)
    const v3 = committed(3, 24)
    const early = new Y.Doc()
    const writer = createSwarmState(early, { swarmId, signer: alice })
    writer.put('versions', v3)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(early))
    expect(state.latestVersion()?.version).toBe(1)
    state.put('versions', v2)
    expect(state.latestVersion()).toEqual(v3)
  })

  test('the latest version never goes backwards, even when its record is deleted', () => {
    const { state } = setup()
    state.remove('versions', ['1'])
    expect(state.latestVersion()).toEqual(samples.versions)
  })

  test("a peer cannot write a record in another peer's name", () => {
    const { state } = setup()
    expect(() => state.put('presence', { ...samples.presence, peer: bob.address })).toThrow(ForeignAuthorError)
  })

  test('each ignored record counts once, however often it is read', () => {
    const { state, raw } = setup()
    raw('presence').set(mallory.address, 42)
    raw('rounds').set('1', sealRecord(mallory, swarmId, 'rounds', '1', samples.rounds))
    for (let i = 0; i < 5; i++) {
      state.values('presence')
      state.values('rounds')
    }
    expect(Object.fromEntries(state.ignored)).toEqual({
      'presence: not a signed record': 1,
      'rounds: bad signature': 1,
    })
  })
})
