// Catching up, driven through stepVolunteer by hand (core/testing/createSteppedSwarm.ts): a member whose result
// lost the vote, and a peer that joins late, fetch the committed state before they train on, and a transfer that
// ends late never takes a peer back.

import { describe, expect, test } from 'vitest'
import { createRandom } from '../../random/createRandom.ts'
import { createSteppedSwarm, type Outstanding, type SteppedSwarm } from '../../testing/createSteppedSwarm.ts'
import type { PeerId } from '../../types/PeerId.ts'

const latest = (swarm: SteppedSwarm, peer: PeerId) => swarm.doc(peer).latestVersion()!

describe('a member whose hash differs from the committed one', () => {
  test.each(['ash', 'elm'])('seed %s: fetches the committed state instead of contributing', async (seed) => {
    const swarm = createSteppedSwarm({ seed, minMembers: 3 })
    const first = ['a', 'b', 'c'].map((label) => swarm.add(label))[0]!
    await swarm.run(() => swarm.actions('applyStep').length === 3)
    const round = swarm.doc(first).get('rounds', '0')!
    const odd = round.members.find((m) => m !== round.leader)!
    const others = round.members.filter((m) => m !== odd)

    // Its optimizer step came out different (a faulty device): it reports another hash than the two others.
    const apply = swarm.take(odd, 'applyStep')
    const state = swarm.trainer.apply(
      apply.base,
      apply.sum.map((x) => x / 3),
    )
    state.params[0]! += 1
    const oddHash = await swarm.trainer.hash(state)
    swarm.step(odd, { type: 'stepApplied', session: apply.session, state, hash: oddHash })
    const since = swarm.mark()
    await swarm.run(() => latest(swarm, odd).version === 1, { answering: (e) => e.peer !== odd })

    const v1 = latest(swarm, odd)
    expect(v1.hash).not.toBe(oddHash)
    const [fetch, ...more] = swarm.actions('fetchState', { peer: odd, since })
    expect(more).toEqual([])
    expect(fetch!.version).toEqual(v1)
    expect([...fetch!.holders].sort()).toEqual([...others].sort())
    expect(swarm.actions('hold', { peer: odd, since })).toEqual([])
    expect(swarm.volunteer(odd)).toMatchObject({ status: 'syncing', held: { version: 0 } })
    expect(swarm.written('presence', { peer: odd, since }).at(-1)).toMatchObject({ version: -1, hash: null })
    // While it syncs, no round names it and it asks for no gradient.
    await swarm.run(() => swarm.doc(odd).get('rounds', '1') !== undefined, { answering: (e) => e.peer !== odd })
    expect(swarm.doc(odd).get('rounds', '1')!.members).not.toContain(odd)
    expect(swarm.actions('computeGradient', { peer: odd, since })).toEqual([])

    await swarm.deliver(swarm.outstanding.find((e) => e.peer === odd)!)
    expect(swarm.volunteer(odd).held).toMatchObject({ version: 1, hash: v1.hash })
    expect(swarm.volunteer(odd).held!.state.params).toEqual(swarm.volunteer(others[0]!).held!.state.params)
  })
})

describe('a peer that joins late', () => {
  /** One peer trains alone, so every version has one signer and the leader holds rounds open for laggards. */
  async function joinLate(seed: string, resume: boolean) {
    const swarm = createSteppedSwarm({ seed })
    const a = swarm.add('a')
    await swarm.run(() => swarm.doc(a).get('rounds', '1') !== undefined)
    const v1 = latest(swarm, a)
    const kept = { version: 1, hash: v1.hash, state: swarm.stateOf(v1.hash)! }
    const late = swarm.add('late', resume ? { resume: kept } : {})
    return { swarm, a, late }
  }

  test.each([
    ['holds no version', false],
    ['holds an older version', true],
  ])('that %s syncs to the latest before it contributes', async (_, resume) => {
    const { swarm, a, late } = await joinLate('ash', resume)
    // The swarm commits v2 while the late peer is still catching up.
    await swarm.run(() => latest(swarm, a).version === 2, {
      answering: (e) => e.peer === a || e.action.type !== 'fetchState',
    })
    await swarm.run(() => swarm.doc(a).get('rounds', '2') !== undefined)

    const log = swarm.log.filter((e) => e.peer === late).map((e) => e.action)
    const synced = log.findIndex((action) => action.type === 'hold' && action.held.version === 2)
    const computed = log.findIndex((action) => action.type === 'computeGradient')
    expect(log.filter((action) => action.type === 'fetchState').map((f) => f.version.version)).toEqual(
      resume ? [2] : [1, 2],
    )
    expect(synced).toBeGreaterThan(-1)
    expect(computed).toBeGreaterThan(synced)
    const round = swarm.doc(a).get('rounds', '2')!
    expect(round.members).toContain(late)
    expect(log[computed]).toMatchObject({ offset: round.offset, slot: round.members.indexOf(late) })
  })

  test('is not planned into a round until it holds the latest version', async () => {
    const { swarm, a, late } = await joinLate('elm', false)
    // Its transfers do not end while the swarm commits v2, nor while the leader holds round 2 open for it.
    const syncing = (e: Outstanding) => e.peer === late && e.action.type === 'fetchState'
    await swarm.run(() => swarm.doc(a).get('rounds', '2') !== undefined, { answering: (e) => !syncing(e) })
    const v2 = latest(swarm, a)
    const round = swarm.doc(a).get('rounds', '2')!
    expect(round.at).toBeGreaterThan(v2.at)
    expect(round.members).toEqual([a])

    // Once it holds v2 it is not added to the round already open, and waits for the next.
    const since = swarm.mark()
    await swarm.run(() => swarm.volunteer(late).held?.version === 2, { answering: syncing })
    expect(swarm.doc(a).get('rounds', '2')).toEqual(round)
    expect(swarm.volunteer(late).status).toBe('waiting')
    expect(swarm.actions('computeGradient', { peer: late })).toEqual([])
    expect(swarm.written('rounds', { since })).toEqual([])
  })
})

describe('a state transfer that ends late', () => {
  test.each(['ash', 'elm', 'fir'])('seed %s: never moves the held version backwards', async (seed) => {
    const swarm = createSteppedSwarm({ seed })
    const a = swarm.add('a')
    await swarm.run(() => swarm.doc(a).latestVersion()?.version === 5)
    const versions = [1, 2, 3, 4, 5].map((n) => swarm.doc(a).get('versions', String(n))!)
    const late = swarm.add('late')
    await swarm.run(() => swarm.volunteer(late).held !== undefined, { answering: (e) => e.peer === late })

    // Transfers of every version end in the seed's order, each after the peer may have moved past it.
    const random = createRandom(seed)
    const order = versions.map((v) => ({ v, key: random.next() })).sort((x, y) => x.key - y.key)
    let highest = 0
    for (const { v } of order) {
      const step = swarm.step(late, { type: 'stateFetched', version: v, state: swarm.stateOf(v.hash)! })
      const held = step.actions.flatMap((action) => (action.type === 'hold' ? [action.held.version] : []))
      expect(held).toEqual(v.version > highest ? [v.version] : [])
      highest = Math.max(highest, v.version)
      expect(swarm.volunteer(late).held).toMatchObject({ version: highest, hash: versions[highest - 1]!.hash })
    }
  })
})
