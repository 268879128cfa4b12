// Commitments before a robust all-reduce, driven through stepVolunteer by hand (core/testing/createSteppedSwarm.ts):
// a member signs its commitments into the doc, waits for every member's, and only then reduces, handing all of them
// to the reducer; a member that never commits is retried out by the leader, and the members that waited stay in.

import { describe, expect, test } from 'vitest'
import { createSteppedSwarm } from '../../testing/createSteppedSwarm.ts'
import { CommitmentMismatchError } from '../../allreduce/errors.ts'
import { leaderView } from '../leaderView.ts'
import { recordKey } from '../records.ts'
import type { PeerId } from '../../types/PeerId.ts'
import { sitOutVersions } from './leaderStep.ts'

/** Three members at round 0 with commitments on, every member's gradient computed, no commitment answered yet. */
async function committing(seed: string) {
  const swarm = createSteppedSwarm({ seed, minMembers: 3, commitments: true })
  const peers = ['a', 'b', 'c'].map((label) => swarm.add(label))
  const first = peers[0]!
  await swarm.run(
    () => {
      const round = swarm.doc(first).get('rounds', '0')
      return round !== undefined && round.members.every((m) => swarm.volunteer(m).running?.stage === 'committing')
    },
    { answering: (e) => e.action.type !== 'commit' },
  )
  const round = swarm.doc(first).get('rounds', '0')!
  return { swarm, round, first }
}

describe('a member of a swarm whose aggregator checks commitments', () => {
  test.each(['ash', 'elm'])('seed %s: reduces only once every member committed, with all commitments', async (seed) => {
    const { swarm, round, first } = await committing(seed)
    const [a, b, c] = round.members as [string, string, string]
    await swarm.deliver({ peer: a, action: swarm.take(a, 'commit') })
    await swarm.deliver({ peer: b, action: swarm.take(b, 'commit') })
    swarm.settle()
    // Two of three committed: nobody may send yet.
    expect(swarm.actions('allReduce')).toEqual([])
    expect(swarm.volunteer(a).running?.stage).toBe('committing')
    await swarm.deliver({ peer: c, action: swarm.take(c, 'commit') })
    swarm.settle()
    const reduces = swarm.actions('allReduce')
    expect(reduces.map((r) => r.session.attempt)).toEqual([0, 0, 0])
    const signed = round.members.map((peer) => [
      peer,
      swarm.doc(first).get('commitments', recordKey.commitments({ round: 0, attempt: 0, peer }))!.chunks,
    ])
    for (const reduce of reduces) {
      expect([...reduce.commitments!.entries()].sort()).toEqual(signed.sort())
      for (const [, chunks] of reduce.commitments!) expect(chunks).toHaveLength(3)
    }
    await swarm.run(() => swarm.doc(first).latestVersion()!.version >= 2)
  })

  test('a member that never commits is retried out at the round timeout; the members that waited stay in', async () => {
    const { swarm, round, first } = await committing('oak')
    const silent = round.members.find((m) => m !== round.leader)!
    const others = round.members.filter((m) => m !== silent)
    // The silent member's commitment is never answered: its peers commit, and wait.
    await swarm.run(() => swarm.doc(first).get('rounds', '0')!.attempt === 1, {
      answering: (e) => e.peer !== silent,
    })
    const retry = swarm.doc(first).get('rounds', '0')!
    expect([...retry.members].sort()).toEqual([...others].sort())
    await swarm.run(() => swarm.doc(first).latestVersion()!.version >= 1, { answering: (e) => e.peer !== silent })
    expect([...swarm.doc(first).get('versions', '1')!.contributors].sort()).toEqual([...others].sort())
  })

  test('a member caught lying by the others sits out the rounds its catcher opens next', async () => {
    const swarm = createSteppedSwarm({ seed: 'pine', minMembers: 4, commitments: true, lastVersion: 40 })
    const peers = ['a', 'b', 'c', 'd'].map((label) => swarm.add(label))
    const first = peers[0]!
    // Every member committed and asked to reduce round 0, attempt 0.
    await swarm.run(() => swarm.actions('allReduce').length === 4, { answering: (e) => e.action.type !== 'allReduce' })
    const round = swarm.doc(first).get('rounds', '0')!
    const liar = round.members.find((m) => m !== round.leader)!
    const evidence = { chunk: 0, received: `0x${'1'.repeat(64)}`, committed: `0x${'2'.repeat(64)}` } as const
    for (const member of round.members.filter((m) => m !== liar)) {
      const action = swarm.take(member, 'allReduce')
      const error = new CommitmentMismatchError({ peer: liar, round: 0, attempt: 0, reportedBy: member }, evidence)
      swarm.step(member, { type: 'attemptFailed', session: action.session, error })
    }
    swarm.take(liar, 'allReduce')
    await swarm.run(() => (swarm.doc(first).latestVersion()?.version ?? 0) >= 2)
    expect(swarm.doc(first).get('versions', '1')!.contributors).not.toContain(liar)
    expect(swarm.volunteer(round.leader).sittingOut.get(liar)).toBe(sitOutVersions)
  })

  test('a leader leaves a peer sitting out of its candidates, and does not wait for it as a laggard', async () => {
    const swarm = createSteppedSwarm({ seed: 'fir', minMembers: 3 })
    const [a, b, c] = ['a', 'b', 'c'].map((label) => swarm.add(label)) as [PeerId, PeerId, PeerId]
    await swarm.run(() => swarm.doc(a).latestVersion()?.version === 1)
    const options = {
      self: a,
      now: 0,
      linked: new Set([b, c]),
      minMembers: 1,
      batchSize: 4,
      lastVersion: 20,
      roundTimeoutMs: 1_000,
      joinGraceMs: 1_000,
      roundAgeMs: 0,
      commitments: true,
    }
    const latest = swarm.doc(a).latestVersion()!
    expect([...leaderView(swarm.doc(a), latest, options).candidates].sort()).toEqual([a, b, c].sort())
    const seen = leaderView(swarm.doc(a), latest, { ...options, excluded: new Set([b]) })
    expect([...seen.candidates].sort()).toEqual([a, c].sort())
    expect(seen.laggards).not.toContain(b)
  })
})
