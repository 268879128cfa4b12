import { describe, expect, test } from 'vitest'
import { type LeaderView, planRound, repack } from './planRound.ts'
import type { ReportRecord, RoundRecord, VersionRecord } from './records.ts'
import type { Hex } from '../types/Hex.ts'

const hashA = `0x${'a'.repeat(64)}` as Hex
const hashB = `0x${'b'.repeat(64)}` as Hex
const latest: VersionRecord = {
  version: 4,
  hash: hashA,
  round: 3,
  attempt: 0,
  contributors: ['p1', 'p2', 'p3'],
  batchSize: 8,
  nextOffset: 96,
  evidence: [],
  loss: 1,
  signer: 'p1',
  at: 0,
}
const round: RoundRecord = { round: 4, attempt: 0, members: ['p1', 'p2', 'p3'], offset: 96, leader: 'p1', at: 0 }
const report = (peer: string, hash = hashB, attempt = 0): ReportRecord => ({
  version: 5,
  attempt,
  peer,
  hash,
  loss: 0.5,
  samples: 8,
  timings: { compute: 1, allreduce: 1, optimizer: 1 },
  at: 1,
})

function view(overrides: Partial<LeaderView> = {}): LeaderView {
  return {
    self: 'p1',
    now: 100,
    latest,
    round,
    lastAttempt: 0,
    reports: [],
    committed: undefined,
    sealedReports: new Map(),
    failures: [],
    candidates: ['p1', 'p2', 'p3'],
    live: new Set(['p1', 'p2', 'p3']),
    laggards: [],
    banned: new Set(),
    minMembers: 1,
    batchSize: 8,
    lastVersion: 100,
    roundTimeoutMs: 5000,
    joinGraceMs: 300,
    roundAgeMs: 10,
    accusationAgeMs: 0,
    confirmMs: 6000,
    ...overrides,
  }
}

describe('planRound', () => {
  test('opens the next round with the candidates in sorted ring order at the committed offset', () => {
    expect(planRound(view({ round: undefined, lastAttempt: -1, candidates: ['p3', 'p1', 'p2'] }))).toEqual({
      type: 'open',
      round: { round: 4, attempt: 0, members: ['p1', 'p2', 'p3'], offset: 96, leader: 'p1', at: 100 },
    })
  })

  test('opens above an attempt stored but not valid here yet, so it supersedes it everywhere', () => {
    expect(planRound(view({ round: undefined, lastAttempt: 2 }))).toMatchObject({ type: 'open', round: { attempt: 3 } })
  })

  test('holds a new round open for peers catching up, for one grace period', () => {
    const catching = { round: undefined, candidates: ['p1', 'p2'], laggards: ['p3'] }
    expect(planRound(view({ ...catching, roundAgeMs: 299 }))).toBeUndefined()
    expect(planRound(view({ ...catching, roundAgeMs: 300 }))).toMatchObject({
      type: 'open',
      round: { members: ['p1', 'p2'] },
    })
  })

  test('waits for the minimum number of members before the first round only, and stops at the last version', () => {
    const genesis = { ...latest, version: 0, round: -1, nextOffset: 0 }
    expect(
      planRound(view({ latest: genesis, round: undefined, candidates: ['p1', 'p2'], minMembers: 3 })),
    ).toBeUndefined()
    expect(
      planRound(view({ latest: genesis, round: undefined, candidates: ['p1', 'p2', 'p3'], minMembers: 3 })),
    ).toMatchObject({ type: 'open' })
    // Once training runs, a peer leaving must not stop the others.
    expect(planRound(view({ round: undefined, candidates: ['p1', 'p2'], minMembers: 3 }))).toMatchObject({
      type: 'open',
      round: { members: ['p1', 'p2'] },
    })
    expect(planRound(view({ round: undefined, lastVersion: 4 }))).toBeUndefined()
  })

  test('does nothing while members are still working', () => {
    expect(planRound(view({ reports: [report('p1'), report('p2')] }))).toBeUndefined()
  })

  test('commits when every member reported, with the majority hash and the next offset', () => {
    const action = planRound(view({ reports: [report('p1'), report('p2', hashA), report('p3')] }))
    expect(action).toMatchObject({
      type: 'commit',
      version: {
        version: 5,
        hash: hashB,
        round: 4,
        attempt: 0,
        contributors: ['p1', 'p2', 'p3'],
        nextOffset: 96 + 3 * 8,
        evidence: [],
        loss: 0.5,
      },
    })
  })

  test('breaks a hash tie the same way on every replica', () => {
    const two = { ...round, members: ['p1', 'p2'] }
    const first = planRound(view({ round: two, reports: [report('p1', hashB), report('p2', hashA)] }))
    const second = planRound(view({ round: two, reports: [report('p2', hashA), report('p1', hashB)] }))
    expect(first).toEqual(second)
    expect(first).toMatchObject({ version: { hash: hashA } })
  })

  test('ignores reports of other peers and other attempts', () => {
    expect(planRound(view({ reports: [report('p1'), report('p2'), report('p4')] }))).toBeUndefined()
  })

  const accusation = (peer: string, culprit: string, reportedBy = peer) => ({
    round: 4,
    attempt: 0,
    peer,
    culprit,
    reportedBy,
    cause: 'peer sent NaN',
    at: 1,
  })

  test('retries without an accused member whose link the leader lost too; survivors keep their batch', () => {
    const last = planRound(view({ failures: [accusation('p2', 'p3')], live: new Set(['p1', 'p2']) }))
    expect(last).toMatchObject({
      type: 'retry',
      removed: ['p3'],
      round: { attempt: 1, members: ['p1', 'p2'], offset: 96 },
    })
    // p3 moves into the removed p2's batch, so the round still consumes 2 contiguous batches from 96.
    const middle = planRound(view({ failures: [accusation('p3', 'p2')], live: new Set(['p1', 'p3']) }))
    expect(middle).toMatchObject({
      type: 'retry',
      removed: ['p2'],
      round: { attempt: 1, members: ['p1', 'p3'], offset: 96 },
    })
  })

  test('an accusation the leader detected itself, or a majority of the others, removes the accused alone', () => {
    // Every member relays the detector's failure: p2 and p3 both write it, but only p1 (the leader) saw it.
    const relayed = [accusation('p2', 'p3', 'p1'), accusation('p3', 'p3', 'p1')]
    expect(planRound(view({ failures: relayed }))).toMatchObject({ removed: ['p3'], round: { members: ['p1', 'p2'] } })
    const four = { ...round, members: ['p1', 'p2', 'p3', 'p4'] }
    const live = new Set(four.members)
    const two = [accusation('p2', 'p4'), accusation('p3', 'p4')]
    expect(planRound(view({ round: four, live, failures: two }))).toMatchObject({ removed: ['p4'] })
  })

  test('an unconfirmed accusation evicts no one by itself: accuser and accused leave together once time is up', () => {
    const lie = [accusation('p2', 'p3'), accusation('p3', 'p3', 'p2'), accusation('p1', 'p3', 'p2')]
    // Before the round's time is up a closed link may still reach the leader: it waits.
    expect(planRound(view({ failures: lie }))).toBeUndefined()
    const late = planRound(view({ failures: lie, roundAgeMs: 5001, accusationAgeMs: 5001 }))
    expect(late).toMatchObject({ type: 'retry', round: { attempt: 1, members: ['p1'] } })
    expect(new Set((late as { removed: string[] }).removed)).toEqual(new Set(['p2', 'p3']))
    // A slow swarm's long round does not hold an accusation longer than the leader's own link needs to confirm it.
    const slow = { roundTimeoutMs: 60_000, roundAgeMs: 7000 }
    expect(planRound(view({ failures: lie, ...slow, accusationAgeMs: 5000 }))).toBeUndefined()
    expect(planRound(view({ failures: lie, ...slow, accusationAgeMs: 6001 }))).toMatchObject({
      type: 'retry',
      round: { members: ['p1'] },
    })
  })

  test('a retried round commits the batches its members computed', () => {
    const retried = { ...round, attempt: 1, members: ['p1', 'p3'] }
    const action = planRound(view({ round: retried, reports: [report('p1', hashB, 1), report('p3', hashB, 1)] }))
    expect(action).toMatchObject({
      type: 'commit',
      version: { attempt: 1, contributors: ['p1', 'p3'], nextOffset: 96 + 2 * 8 },
    })
  })

  test('repack fills holes from the tail, earliest hole first', () => {
    expect(repack(['a', 'b', 'c', 'd', 'e'], new Set(['b']))).toEqual(['a', 'e', 'c', 'd'])
    expect(repack(['a', 'b', 'c', 'd', 'e'], new Set(['a', 'c', 'e']))).toEqual(['d', 'b'])
    expect(repack(['a', 'b', 'c'], new Set(['c']))).toEqual(['a', 'b'])
    expect(repack(['a', 'b'], new Set(['a', 'b']))).toEqual([])
  })

  test('a failure blaming the leader removes the accuser; a failure blaming no one removes the reporter', () => {
    expect(planRound(view({ failures: [accusation('p2', 'p1')] }))).toMatchObject({
      removed: ['p2'],
      round: { members: ['p1', 'p3'] },
    })
    expect(
      planRound(
        view({
          failures: [
            { round: 4, attempt: 0, peer: 'p3', culprit: null, reportedBy: null, cause: 'worker crashed', at: 1 },
          ],
        }),
      ),
    ).toMatchObject({ removed: ['p3'] })
  })

  test('retries without members whose link to the leader is down', () => {
    expect(planRound(view({ live: new Set(['p1', 'p3']) }))).toMatchObject({
      type: 'retry',
      removed: ['p2'],
      round: { members: ['p1', 'p3'] },
    })
  })

  test('retries without silent members once the round times out', () => {
    expect(planRound(view({ reports: [report('p1'), report('p3')], roundAgeMs: 4000 }))).toBeUndefined()
    expect(planRound(view({ reports: [report('p1'), report('p3')], roundAgeMs: 6000 }))).toMatchObject({
      type: 'retry',
      removed: ['p2'],
    })
  })

  test('reopens with fresh members when no member of the round is left', () => {
    const lonely = { ...round, members: ['p2', 'p3'] }
    const action = planRound(view({ round: lonely, live: new Set(['p1']), candidates: ['p1'] }))
    expect(action).toMatchObject({ type: 'retry', round: { attempt: 1, members: ['p1'] } })
  })
})
