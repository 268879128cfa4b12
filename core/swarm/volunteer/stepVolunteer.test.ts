// A member lost in the middle of a round, told through stepVolunteer alone (core/testing/createSteppedSwarm.ts):
// one real doc of signed records, real training states, no runner, timers or network. As hivemind's fault tests
// do, the loss is placed at each stage a round goes through; in every case the leader retries without the lost
// member, every survivor ends the old attempt by the one abort path, and nothing of the old attempt counts after.

import { describe, expect, test } from 'vitest'
import { PeerUnreachableError } from '../../allreduce/errors.ts'
import { createSteppedSwarm, type Outstanding } from '../../testing/createSteppedSwarm.ts'
import type { PeerId } from '../../types/PeerId.ts'
import type { RunningAttempt } from './VolunteerState.ts'

const stages = ['computing', 'reducing', 'applying'] as const satisfies readonly RunningAttempt['stage'][]

/** Round 0 of three members, each at `stage` of attempt 0. */
async function roundAt(seed: string, stage: RunningAttempt['stage']) {
  const swarm = createSteppedSwarm({ seed, minMembers: 3 })
  const first = ['a', 'b', 'c'].map((label) => swarm.add(label))[0]!
  await swarm.run(
    () => {
      const round = swarm.doc(first).get('rounds', '0')
      return round !== undefined && round.members.every((m) => swarm.volunteer(m).running?.stage === stage)
    },
    // A computing stage ends with the first gradient answered: those wait for the test.
    { answering: (e) => stage !== 'computing' || e.action.type !== 'computeGradient' },
  )
  const round = swarm.doc(first).get('rounds', '0')!
  const session = { round: 0, attempt: 0, members: round.members }
  return { swarm, round, session }
}

describe('a member lost in the middle of a round', () => {
  const cases = stages.flatMap((stage) => ['ash', 'elm'].map((seed) => [stage, seed] as const))

  test.each(cases)(
    'while the others are %s (seed %s): retried without it, old outcomes ignored',
    async (stage, seed) => {
      const { swarm, round, session } = await roundAt(seed, stage)
      const leader = round.leader
      const lost = round.members.find((m) => m !== leader)!
      const survivors = round.members.filter((m) => m !== lost)
      const since = swarm.mark()
      swarm.drop(lost)
      swarm.settle()

      // The leader writes attempt 1 of the same round and batches, without the lost member.
      const retries = swarm.written('rounds', { since })
      expect(retries).toHaveLength(1)
      expect(swarm.written('rounds', { peer: leader, since })).toEqual(retries)
      expect(retries[0]).toMatchObject({ round: 0, attempt: 1, offset: round.offset, leader })
      expect([...retries[0]!.members].sort()).toEqual([...survivors].sort())

      // Every survivor ends attempt 0 once, by the abort path.
      for (const peer of survivors) {
        expect(
          swarm.actions('abort', { peer, since }).map((a) => a.session),
          swarm.label(peer),
        ).toEqual([session])
        expect(swarm.volunteer(peer).running).toMatchObject({ attempt: 1 })
      }

      // Outcomes of attempt 0 change nothing, whether they arrive as attempt 1 starts or while it applies its step.
      const ignoresStale = (peer: PeerId) => {
        const before = swarm.volunteer(peer)
        const base = before.held!.state
        const error = new PeerUnreachableError({ peer: lost, reason: 'closed', round: 0, attempt: 0, reportedBy: peer })
        for (const input of [
          { type: 'reduced', session, sum: new Float32Array(base.params.length) },
          { type: 'stepApplied', session, state: base, hash: before.held!.hash },
          { type: 'attemptFailed', session, error },
        ] as const) {
          const step = swarm.step(peer, input)
          expect(
            step.actions.filter((a) => a.type !== 'wake'),
            `${input.type} at ${swarm.label(peer)}`,
          ).toEqual([])
          expect(step.state.running).toBe(before.running)
          expect(step.state.pending).toBe(before.pending)
        }
      }
      survivors.forEach(ignoresStale)
      const applyingRetry = (e: Outstanding) => e.action.type === 'applyStep' && e.action.session.attempt === 1
      await swarm.run(() => survivors.every((m) => swarm.volunteer(m).running?.stage === 'applying'), {
        answering: (e) => !applyingRetry(e),
      })
      survivors.forEach(ignoresStale)
      // The step of attempt 0 some survivors were applying when it was aborted ends now, and is not reported.
      for (const effect of swarm.outstanding.filter((e) => !applyingRetry(e))) await swarm.deliver(effect)
      expect(swarm.written('reports')).toEqual([])
      expect(swarm.written('failures')).toEqual([])

      await swarm.run(() => survivors.every((m) => swarm.volunteer(m).held?.version === 1))
      const v1 = swarm.doc(leader).latestVersion()!
      expect(v1).toMatchObject({ attempt: 1, contributors: retries[0]!.members })
      for (const peer of survivors) expect(swarm.volunteer(peer).held!.hash).toBe(v1.hash)
    },
  )

  test("a member whose ring fails first reports the lost peer; the retry follows the leader's own links", async () => {
    const { swarm, round, session } = await roundAt('ash', 'reducing')
    const leader = round.leader
    const lost = round.members.find((m) => m !== leader)!
    const witness = round.members.find((m) => m !== leader && m !== lost)!
    const since = swarm.mark()
    swarm.setLink(witness, lost, false)
    const error = new PeerUnreachableError({ peer: lost, reason: 'closed', round: 0, attempt: 0, reportedBy: witness })
    swarm.step(witness, { type: 'attemptFailed', session, error })
    swarm.settle()
    expect(swarm.written('failures', { since })).toMatchObject([
      { round: 0, attempt: 0, peer: witness, culprit: lost, reportedBy: witness },
    ])
    // Its attempt ended with the ring's failure: there is nothing left to abort.
    expect(swarm.volunteer(witness).running).toBeUndefined()
    expect(swarm.actions('abort', { peer: witness, since })).toEqual([])
    // One member's word does not evict a peer the leader still reaches.
    expect(swarm.written('rounds', { since })).toEqual([])

    swarm.drop(lost)
    swarm.settle()
    const [retry] = swarm.written('rounds', { since })
    expect(retry).toMatchObject({ round: 0, attempt: 1, leader })
    expect(retry!.members).not.toContain(lost)
    expect(swarm.actions('abort', { peer: leader, since }).map((a) => a.session)).toEqual([session])
    expect(swarm.actions('abort', { peer: witness, since })).toEqual([])
    expect(swarm.volunteer(witness).running).toMatchObject({ round: 0, attempt: 1, members: retry!.members })
  })

  test('a volunteer that stops ends its attempt by the same path, and hears nothing after', async () => {
    const { swarm, round, session } = await roundAt('elm', 'reducing')
    const peer = round.members[1]!
    const stop = swarm.step(peer, { type: 'stop' })
    expect(stop.actions).toEqual([{ type: 'abort', session, reason: 'the volunteer stopped' }])
    const sum = new Float32Array(swarm.volunteer(peer).held!.state.params.length)
    expect(swarm.step(peer, { type: 'reduced', session, sum }).actions).toEqual([])
    expect(swarm.step(peer, { type: 'changed' }).actions).toEqual([])
  })
})
