// A member's part of a round, driven through stepVolunteer by hand (core/testing/createSteppedSwarm.ts): which
// gradient it asks for, and that a retry which leaves its batch alone does not make it compute that batch again.

import { describe, expect, test } from 'vitest'
import { createSteppedSwarm } from '../../testing/createSteppedSwarm.ts'
import type { PeerId } from '../../types/PeerId.ts'

describe('a member of a round', () => {
  test.each(['ash', 'elm'])('seed %s: computes the gradient of exactly its own batch', async (seed) => {
    const swarm = createSteppedSwarm({ seed, minMembers: 3 })
    const members = ['a', 'b', 'c'].map((label) => swarm.add(label))
    const a = members[0]!
    await swarm.run(() => swarm.doc(a).get('rounds', '1') !== undefined)
    const v1 = swarm.doc(a).get('versions', '1')!
    const round = swarm.doc(a).get('rounds', '1')!
    expect(round.offset).toBe(v1.nextOffset)
    expect(v1.nextOffset).toBe(3 * 4)
    for (const peer of members) {
      const asked = swarm.actions('computeGradient', { peer }).filter((g) => g.key.startsWith('1:'))
      expect(asked, swarm.label(peer)).toHaveLength(1)
      expect(asked[0]).toMatchObject({ offset: round.offset, slot: round.members.indexOf(peer) })
      expect(asked[0]!.params).toBe(swarm.volunteer(peer).held!.state.params)
    }
  })

  test('a peer holding the latest version that the round does not name computes nothing', async () => {
    const swarm = createSteppedSwarm({ seed: 'ash', minMembers: 3 })
    const a = ['a', 'b', 'c'].map((label) => swarm.add(label))[0]!
    await swarm.run(() => swarm.doc(a).get('rounds', '1') !== undefined)
    const since = swarm.mark()
    const d = swarm.add('d')
    await swarm.run(() => swarm.volunteer(d).held?.version === 1, { answering: (e) => e.peer === d })
    expect(swarm.doc(d).get('rounds', '1')!.members).not.toContain(d)
    expect(swarm.volunteer(d).status).toBe('waiting')
    expect(swarm.actions('computeGradient', { peer: d })).toEqual([])
    expect(swarm.actions('computeGradient', { since })).toEqual([])
  })
})

describe('a retry that keeps a member in its slot', () => {
  /**
   * Three members in round 0; the one lost is a non-leader in slot 0 or 1, so the member in slot 2 moves into its
   * place (planRound's repack) and the other survivor keeps its slot.
   */
  async function lostAt(seed: string, stage: 'computing' | 'reducing') {
    const swarm = createSteppedSwarm({ seed, minMembers: 3 })
    const first = ['a', 'b', 'c'].map((label) => swarm.add(label))[0]!
    const running = (peer: PeerId) => swarm.volunteer(peer).running
    const stageOf = (peer: PeerId) => running(peer)?.stage
    await swarm.run(
      () => {
        const round = swarm.doc(first).get('rounds', '0')
        return round !== undefined && round.members.every((m) => stageOf(m) === stage)
      },
      // Computing ends only when the test says so: the first gradient answered would end that stage.
      { answering: (e) => stage !== 'computing' || e.action.type !== 'computeGradient' },
    )
    const round = swarm.doc(first).get('rounds', '0')!
    const lost = round.members.slice(0, 2).find((m) => m !== round.leader)!
    const kept = round.members.slice(0, 2).find((m) => m !== lost)!
    const mover = round.members[2]!
    return { swarm, round, lost, kept, mover }
  }

  test.each(['ash', 'elm'])('seed %s: reuses the gradient still being computed', async (seed) => {
    const { swarm, round, lost, kept, mover } = await lostAt(seed, 'computing')
    const [pending] = swarm.actions('computeGradient', { peer: kept })
    const since = swarm.mark()
    swarm.drop(lost)
    swarm.settle()
    const retry = swarm.doc(kept).get('rounds', '0')!
    expect(retry.attempt).toBe(1)
    expect(retry.members.indexOf(kept)).toBe(round.members.indexOf(kept))
    expect(swarm.actions('computeGradient', { peer: kept, since })).toEqual([])

    // The gradient asked for in attempt 0 arrives and serves attempt 1.
    await swarm.deliver(swarm.outstanding.find((e) => e.peer === kept && e.action === pending)!)
    const [reduce] = swarm.actions('allReduce', { peer: kept, since })
    expect(reduce?.session).toEqual({ round: 0, attempt: 1, members: retry.members })
    expect(swarm.actions('computeGradient', { peer: kept })).toHaveLength(1)

    // The member that moved computes its new batch, and the answer for its old one is not all-reduced.
    const moved = swarm.actions('computeGradient', { peer: mover, since })
    expect(moved).toMatchObject([{ offset: round.offset, slot: retry.members.indexOf(mover) }])
    const stale = swarm.outstanding.find(
      (e) => e.peer === mover && e.action.type === 'computeGradient' && e.action !== moved[0],
    )!
    await swarm.deliver(stale)
    expect(swarm.actions('allReduce', { peer: mover, since })).toEqual([])
    expect(swarm.volunteer(mover).computing).toBe(moved[0]!.key)
    await swarm.run(() => swarm.doc(kept).latestVersion()!.version === 1)
    expect(swarm.doc(kept).latestVersion()).toMatchObject({ attempt: 1, contributors: retry.members })
  })

  test.each(['ash', 'elm'])('seed %s: reuses a gradient already computed', async (seed) => {
    const { swarm, lost, kept } = await lostAt(seed, 'reducing')
    const since = swarm.mark()
    swarm.drop(lost)
    swarm.settle()
    const retry = swarm.doc(kept).get('rounds', '0')!
    expect(swarm.actions('computeGradient', { peer: kept, since })).toEqual([])
    expect(swarm.actions('allReduce', { peer: kept, since }).map((a) => a.session)).toEqual([
      { round: 0, attempt: 1, members: retry.members },
    ])
  })
})
