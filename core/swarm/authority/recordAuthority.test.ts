// Records only from whom the rules allow (recordAuthority.ts): each forged record below is well-formed and signed
// by its author, so form and signature checks pass it; the authority rules refuse it, count it, and it moves
// nothing. Seeded by labelled keys: the same keys and hashes in every run.

import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createChainWriter, labelledSigner } from '../../testing/createChainWriter.ts'
import { forgeVersions } from '../../testing/forgeVersions.ts'
import type { Hex } from '../../types/Hex.ts'
import { createSwarmState } from '../createSwarmState.ts'
import { sealRecord } from '../recordEnvelope.ts'
import { recordKey, type ReportRecord, type VersionRecord } from '../records.ts'
import { evaluatorOf } from './evaluatorOf.ts'
import { rankOrder } from './leaderRank.ts'

const swarmId = `0x${'5b'.repeat(32)}` as Hex
const [ann, ben, cat, dan] = ['ann', 'ben', 'cat', 'dan'].map(labelledSigner) as [
  ReturnType<typeof labelledSigner>,
  ReturnType<typeof labelledSigner>,
  ReturnType<typeof labelledSigner>,
  ReturnType<typeof labelledSigner>,
]
const trio = [ann, ben, cat]
const signerOf = (address: string) => [ann, ben, cat, dan].find((s) => s.address === address)!

/** An honest chain of three versions by ann, ben and cat, with dan present but never a contributor. */
function setup() {
  const doc = new Y.Doc()
  const chain = createChainWriter(doc, swarmId, { batchSize: 4 })
  chain.commit(trio)
  chain.commit(trio)
  chain.commit(trio)
  chain.present(dan)
  const reader = createSwarmState(doc, { swarmId, signer: dan })
  const latest = chain.versions.at(-1)!
  const ranked = rankOrder(latest, latest.contributors)
  return { doc, chain, reader, latest, leader: signerOf(ranked[0]!), follower: signerOf(ranked[1]!) }
}

const reasons = (reader: ReturnType<typeof createSwarmState>) => Object.fromEntries(reader.ignored)

/** A next version of `latest`, as `signer` would commit it, backed by the reports of `backers`. */
function nextVersion(
  latest: VersionRecord,
  signer: string,
  backers: typeof trio,
  hash = `0x${'cd'.repeat(32)}` as Hex,
) {
  const evidence = backers.map((peer) => {
    const report: ReportRecord = {
      version: latest.version + 1,
      attempt: 0,
      peer: peer.address,
      hash,
      loss: 1,
      samples: 4,
      timings: { compute: 1, allreduce: 1, optimizer: 1 },
      at: 1,
    }
    return sealRecord(peer, swarmId, 'reports', recordKey.reports(report), report)
  })
  return {
    ...latest,
    version: latest.version + 1,
    round: latest.version,
    hash,
    nextOffset: latest.nextOffset + latest.contributors.length * latest.batchSize,
    evidence,
    signer,
  }
}

describe('record authority', () => {
  test('an honest chain is accepted whole: versions, rounds, reports, and the evaluator’s evaluation', () => {
    const { reader, chain, latest } = setup()
    expect(reader.latestVersion()).toEqual(latest)
    expect(reader.values('versions')).toHaveLength(chain.versions.length)
    const evaluator = signerOf(evaluatorOf(latest)!)
    chain
      .stateOf(evaluator)
      .put('evaluations', { version: 3, peer: evaluator.address, accuracy: 0.9, loss: 1, samples: 9, at: 1 })
    expect(reader.get('evaluations', '3')?.peer).toBe(evaluator.address)
    expect(reader.ignored.size).toBe(0)
  })

  test('a version from a contributor that is not the round’s leader is ignored', () => {
    const { reader, chain, latest, follower } = setup()
    chain.stateOf(follower).put('versions', nextVersion(latest, follower.address, trio))
    expect(reader.latestVersion()?.version).toBe(3)
    expect(reasons(reader)).toEqual({ 'versions: a member outranks the leader': 1 })
  })

  test('a version from a peer that did not contribute to the base version is ignored, whatever its rank', () => {
    const { reader, chain, latest } = setup()
    const own = { ...nextVersion(latest, dan.address, trio), contributors: [dan.address] }
    chain.stateOf(dan).put('versions', { ...own, nextOffset: latest.nextOffset + latest.batchSize })
    expect(reader.latestVersion()?.version).toBe(3)
    expect(reasons(reader)).toEqual({ 'versions: leader did not contribute to the base version': 1 })
  })

  test.each([
    ['no quorum of reports', (v: VersionRecord) => ({ ...v, evidence: v.evidence.slice(0, 1) })],
    ['evidence reports another result', (v: VersionRecord) => ({ ...v, hash: `0x${'ef'.repeat(32)}` as Hex })],
    [
      'evidence: bad signature',
      (v: VersionRecord) => ({ ...v, evidence: v.evidence.map((e) => ({ ...e, r: { ...e.r, loss: 0 } })) }),
    ],
    ['evidence from a non-contributor', (v: VersionRecord) => ({ ...v, contributors: v.contributors.slice(0, 1) })],
  ])('a version whose evidence fails is ignored: %s', (reason, bend) => {
    const { reader, chain, latest, leader } = setup()
    const honest = nextVersion(latest, leader.address, trio)
    const bent = bend(honest)
    chain.stateOf(leader).put('versions', {
      ...bent,
      nextOffset: latest.nextOffset + bent.contributors.length * latest.batchSize,
    })
    expect(reader.latestVersion()?.version).toBe(3)
    expect(Object.keys(reasons(reader))).toContainEqual(expect.stringContaining(reason))
  })

  test('a version backed by a majority of its contributors counts', () => {
    const { reader, chain, latest, leader } = setup()
    const twoOfThree = trio
      .filter((peer) => peer !== leader)
      .slice(0, 1)
      .concat(leader)
    chain.stateOf(leader).put('versions', nextVersion(latest, leader.address, twoOfThree))
    expect(reader.latestVersion()?.version).toBe(4)
  })

  test('a round from a peer that is not its leader is ignored', () => {
    const { reader, chain, latest, leader, follower } = setup()
    const round = { round: 3, attempt: 5, members: latest.contributors, offset: latest.nextOffset, at: 1 }
    chain.stateOf(follower).put('rounds', { ...round, leader: follower.address })
    expect(reader.get('rounds', '3')).toBeUndefined()
    chain.stateOf(dan).put('rounds', { ...round, members: [dan.address], leader: dan.address })
    expect(reader.get('rounds', '3')).toBeUndefined()
    expect(reasons(reader)).toEqual({
      'rounds: a member outranks the leader': 1,
      'rounds: leader did not contribute to the base version': 1,
    })
    // The leader may drop a member that outranks the others (it left): the rest rank below it.
    chain.stateOf(leader).put('rounds', { ...round, leader: leader.address })
    expect(reader.get('rounds', '3')?.leader).toBe(leader.address)
  })

  test('reports and failures from outside the attempt, and evaluations from a non-evaluator, are ignored', () => {
    const { reader, chain, latest, leader } = setup()
    chain.stateOf(leader).put('rounds', {
      round: 3,
      attempt: 0,
      members: latest.contributors,
      offset: latest.nextOffset,
      leader: leader.address,
      at: 1,
    })
    const timings = { compute: 1, allreduce: 1, optimizer: 1 }
    chain.stateOf(dan).put('reports', {
      version: 4,
      attempt: 0,
      peer: dan.address,
      hash: latest.hash,
      loss: 1,
      samples: 4,
      timings,
      at: 1,
    })
    chain.stateOf(dan).put('failures', {
      round: 3,
      attempt: 0,
      peer: dan.address,
      culprit: leader.address,
      reportedBy: dan.address,
      cause: 'lies',
      at: 1,
    })
    const notEvaluator = trio.find((peer) => peer.address !== evaluatorOf(latest))!
    chain
      .stateOf(notEvaluator)
      .put('evaluations', { version: 3, peer: notEvaluator.address, accuracy: 1, loss: 0, samples: 9, at: 1 })
    expect([
      reader.values('reports').filter((r) => r.version === 4),
      reader.values('failures'),
      reader.values('evaluations'),
    ]).toEqual([[], [], []])
    expect(reasons(reader)).toEqual({
      'reports: not a member of the attempt': 1,
      'failures: not a member of the attempt': 1,
      'evaluations: not the evaluator': 1,
    })
  })

  test('commitments count only from a member of the attempt, with one chunk hash per member', () => {
    const { reader, chain, latest, leader, follower } = setup()
    chain.stateOf(leader).put('rounds', {
      round: 3,
      attempt: 0,
      members: latest.contributors,
      offset: latest.nextOffset,
      leader: leader.address,
      at: 1,
    })
    const chunks = latest.contributors.map((_, i) => `0x${String(i).repeat(64)}` as Hex)
    const commitment = (peer: typeof dan, attempt: number, hashes: Hex[]) =>
      chain.stateOf(peer).put('commitments', { round: 3, attempt, peer: peer.address, chunks: hashes, at: 1 })
    commitment(leader, 0, chunks)
    commitment(follower, 0, chunks.slice(1))
    commitment(dan, 0, chunks)
    commitment(follower, 1, chunks)
    expect(reader.values('commitments').map((c) => c.peer)).toEqual([leader.address])
    expect(reasons(reader)).toEqual({
      'commitments: not one chunk hash per member': 1,
      'commitments: not a member of the attempt': 1,
      'commitments: attempt not open yet': 1,
    })
  })

  test('a thousand self-made keys write versions, rounds and reports of their own: none counts', () => {
    const { doc, reader, latest } = setup()
    const keys = Array.from({ length: 1000 }, (_, i) => labelledSigner(`sybil ${i}`))
    forgeVersions({ doc, swarmId, keys, base: latest, count: 20, contributorsPerVersion: 64 })
    expect(reader.latestVersion()).toEqual(latest)
    expect(reader.values('versions').map((v) => v.version)).toEqual([0, 1, 2, 3])
    expect(reader.get('rounds', '3')).toBeUndefined()
    expect(reasons(reader)['versions: leader did not contribute to the base version']).toBe(1)
    expect(reasons(reader)['rounds: leader did not contribute to the base version']).toBe(1)
  })

  test('rewriting accepted history from an earlier version is ignored by a replica that accepted it', () => {
    const { doc, reader, chain } = setup()
    const keys = Array.from({ length: 50 }, (_, i) => labelledSigner(`rewriter ${i}`))
    reader.values('versions')
    // Round 0 is the one round any holder of version 0 may lead: rewrite everything after it.
    forgeVersions({ doc, swarmId, keys, base: chain.versions[0]!, count: 3, contributorsPerVersion: 3 })
    expect(reader.values('versions').map((v) => v.hash)).toEqual(chain.versions.map((v) => v.hash))
    expect(reasons(reader)['versions: rewrites an accepted version']).toBe(3)
  })

  test('a forgery that overwrites an accepted version or a valid round is put back for every replica', () => {
    const { doc, reader, chain, latest, leader } = setup()
    chain.stateOf(leader).put('rounds', {
      round: 3,
      attempt: 0,
      members: latest.contributors,
      offset: latest.nextOffset,
      leader: leader.address,
      at: 1,
    })
    const round = reader.get('rounds', '3')!
    const honestVersion = doc.getMap('versions').get('3')
    const honestRound = doc.getMap('rounds').get('3')
    // A replica that never saw the honest records, written to by a forger; Yjs lets the forgery win here.
    const keys = Array.from({ length: 5 }, (_, i) => labelledSigner(`overwriter ${i}`))
    forgeVersions({ doc, swarmId, keys, base: chain.versions[2]!, count: 2 })
    expect(reader.get('versions', '3')).toEqual(latest)
    expect(reader.get('rounds', '3')).toEqual(round)
    // The reader put the signed originals back, so a replica syncing from it now gets the honest records.
    expect(doc.getMap('versions').get('3')).toBe(honestVersion)
    expect(doc.getMap('rounds').get('3')).toBe(honestRound)
    const late = new Y.Doc()
    Y.applyUpdate(late, Y.encodeStateAsUpdate(doc))
    expect(createSwarmState(late, { swarmId, signer: dan }).latestVersion()).toEqual(latest)
  })
})
