// Bans (recordAuthority.ts, bansInForce.ts): only the manifest's validators may ban, a ban counts once the
// threshold of them agree, and from its version on the rules refuse rounds and versions that name the banned peer,
// while honest leaders leave it out at once. Seeded by labelled keys: the same keys and hashes in every run.

import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createChainWriter, labelledSigner } from '../../testing/createChainWriter.ts'
import type { Hex } from '../../types/Hex.ts'
import { createSwarmState } from '../createSwarmState.ts'
import { leaderOf, leaderView } from '../leaderView.ts'
import { planRound } from '../planRound.ts'
import type { RecordSigner } from '../recordSignature.ts'
import { initialVolunteerState } from '../volunteer/VolunteerState.ts'
import { stepVolunteer } from '../volunteer/stepVolunteer.ts'
import { bansInForce } from './bansInForce.ts'
import { rankOrder } from './leaderRank.ts'
import type { ValidatorSet } from './ValidatorSet.ts'

const swarmId = `0x${'5c'.repeat(32)}` as Hex
const [ann, ben, cat, dan, val, vic, eve] = ['ann', 'ben', 'cat', 'dan', 'val', 'vic', 'eve'].map(
  labelledSigner,
) as RecordSigner[] as [
  RecordSigner,
  RecordSigner,
  RecordSigner,
  RecordSigner,
  RecordSigner,
  RecordSigner,
  RecordSigner,
]
const one: ValidatorSet = { members: [val.address], threshold: 1 }
const twoOfTwo: ValidatorSet = { members: [val.address, vic.address], threshold: 2 }

/** Three versions by ann, ben and cat; dan reads with the validator set given. */
function setup(validators: ValidatorSet = one) {
  const doc = new Y.Doc()
  const chain = createChainWriter(doc, swarmId, { batchSize: 4 })
  for (let i = 0; i < 3; i++) chain.commit([ann, ben, cat])
  chain.present(dan)
  const reader = createSwarmState(doc, { swarmId, signer: dan, validators })
  const ban = (by: RecordSigner, peer: RecordSigner, version: number) =>
    createSwarmState(doc, { swarmId, signer: by }).put('bans', {
      peer: peer.address,
      version,
      reason: 'refuted audit',
      validator: by.address,
      at: 1,
    })
  return { doc, chain, reader, ban }
}
const reasons = (reader: ReturnType<typeof createSwarmState>) => Object.fromEntries(reader.ignored)

describe('bans', () => {
  test('a ban by anyone but a validator is ignored and counted; without validators no one may ban', () => {
    const { doc, reader, ban } = setup()
    ban(eve, ann, 3)
    expect(reader.bannedFrom(ann.address)).toBeUndefined()
    expect(reasons(reader)).toEqual({ 'bans: not a validator': 1 })
    ban(val, ann, 3)
    expect(reader.bannedFrom(ann.address)).toBe(3)
    const withoutRewards = createSwarmState(doc, { swarmId, signer: dan })
    expect(withoutRewards.bans()).toEqual(new Map())
    expect(reasons(withoutRewards)).toEqual({ 'bans: not a validator': 2 })
  })

  test('k of n: a ban is in force once the threshold of validators wrote one, from the k-th smallest version', () => {
    const { reader, ban } = setup(twoOfTwo)
    ban(val, ann, 5)
    expect(reader.bannedFrom(ann.address)).toBeUndefined()
    ban(vic, ann, 9)
    expect(reader.bannedFrom(ann.address)).toBe(9)
    expect(
      bansInForce(
        [
          { peer: 'p', version: 4, reason: '', validator: 'x', at: 0 },
          { peer: 'p', version: 2, reason: '', validator: 'y', at: 0 },
          { peer: 'p', version: 7, reason: '', validator: 'z', at: 0 },
          { peer: 'p', version: 1, reason: '', validator: 'outsider', at: 0 },
        ],
        { members: ['x', 'y', 'z'], threshold: 2 },
      ),
    ).toEqual(new Map([['p', 4]]))
  })

  test('from its version on, rounds and versions naming the banned peer are refused; earlier ones stand', () => {
    const { chain, reader, ban } = setup()
    ban(val, cat, 4)
    // Round 3 (version 3 -> 4) began before the ban applies.
    chain.commit([ann, ben, cat])
    expect(reader.latestVersion()?.version).toBe(4)
    const refused = chain.commit([ann, ben, cat])
    expect(reader.get('rounds', '4')).toBeUndefined()
    expect(reader.get('versions', String(refused.version))).toBeUndefined()
    expect(reader.latestVersion()?.version).toBe(4)
    expect(reasons(reader)).toMatchObject({ 'rounds: names a banned peer': 1, 'versions: names a banned peer': 1 })
  })

  test('a deleted or overwritten ban stays in force on a replica that accepted it', () => {
    const { doc, reader, ban } = setup()
    ban(val, cat, 4)
    expect(reader.bannedFrom(cat.address)).toBe(4)
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc))
    remote.getMap('bans').clear()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote))
    expect(reader.bannedFrom(cat.address)).toBe(4)
    expect(doc.getMap('bans').size).toBe(1)
  })

  test('honest leaders leave a banned peer out at once: no candidate, never the leader, retried out of a round', () => {
    const { chain, reader, ban } = setup()
    const latest = chain.versions.at(-1)!
    const [top, second] = rankOrder(latest, latest.contributors)
    const leaderBefore = leaderOf(reader, latest, new Set(latest.contributors))
    expect(leaderBefore).toBe(top)
    const signerOf = (id: string) => [ann, ben, cat].find((s) => s.address === id)!
    // The round is open with every contributor when the ban, applying only two rounds later, arrives.
    chain.stateOf(signerOf(top!)).put('rounds', {
      round: 3,
      attempt: 0,
      members: [...latest.contributors],
      offset: latest.nextOffset,
      leader: top!,
      at: 1,
    })
    ban(val, signerOf(top!), 5)
    expect(leaderOf(reader, latest, new Set(latest.contributors))).toBe(second)
    const view = leaderView(reader, latest, {
      self: second!,
      now: 2,
      linked: new Set(latest.contributors.filter((p) => p !== second)),
      commitments: false,
      minMembers: 1,
      batchSize: 4,
      lastVersion: 100,
      roundTimeoutMs: 5_000,
      joinGraceMs: 300,
      roundAgeMs: 10,
    })
    expect(view.candidates).not.toContain(top)
    const action = planRound(view)
    expect(action).toMatchObject({ type: 'retry', removed: [top], reason: `${top!.slice(0, 8)} is banned` })
    if (action?.type !== 'retry') throw new Error('expected a retry')
    expect(action.round.members).not.toContain(top)
    // The retry is a valid round by the second-ranked contributor.
    chain.stateOf(signerOf(second!)).put('rounds', action.round)
    expect(reader.get('rounds', '3')).toEqual(action.round)
  })

  test("the banned peer's own volunteer stops with status banned", () => {
    const { chain, ban } = setup()
    const self = createSwarmState(chain.stateOf(cat).doc, { swarmId, signer: cat, validators: one })
    const config = {
      self: cat.address,
      backend: 'cpu',
      batchSize: 4,
      evalEvery: 10,
      lastVersion: 100,
      minMembers: 1,
      commitments: false,
      settleMs: 0,
    }
    const state = initialVolunteerState(config, 0)
    const view = { doc: self, linked: new Set<string>(), now: 1 }
    expect(stepVolunteer(state, { type: 'changed' }, view).state.status).not.toBe('banned')
    ban(val, cat, 5)
    const step = stepVolunteer(state, { type: 'changed' }, view)
    expect(step.state).toMatchObject({ status: 'banned', stopped: true })
    expect(step.actions).toContainEqual({ type: 'emit', event: { type: 'status', status: 'banned' } })
  })
})
