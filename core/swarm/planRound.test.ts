import { describe, expect, test } from 'vitest'
import { type LeaderView, planRound } from './planRound.ts'
import type { Hex, ReportRecord, RoundRecord, VersionRecord } from './records.ts'

const hashA = `0x${'a'.repeat(64)}` as Hex
const hashB = `0x${'b'.repeat(64)}` as Hex
const latest: VersionRecord = { version: 4, hash: hashA, round: 3, attempt: 0, contributors: ['p1', 'p2', 'p3'], batchSize: 8, nextOffset: 96, loss: 1, at: 0 }
const round: RoundRecord = { round: 4, attempt: 0, slots: ['p1', 'p2', 'p3'], members: ['p1', 'p2', 'p3'], offset: 96, leader: 'p1', at: 0 }
const report = (peer: string, hash = hashB, attempt = 0): ReportRecord => ({ version: 5, attempt, peer, hash, loss: 0.5, samples: 8, timings: { compute: 1, allreduce: 1, optimizer: 1 }, at: 1 })

function view(overrides: Partial<LeaderView> = {}): LeaderView {
  return {
    self: 'p1', now: 100, latest, round, reports: [], failures: [], candidates: ['p1', 'p2', 'p3'], live: new Set(['p1', 'p2', 'p3']),
    minMembers: 1, batchSize: 8, lastVersion: 100, roundTimeoutMs: 5000, roundAgeMs: 10, ...overrides,
  }
}

describe('planRound', () => {
  test('opens the next round with the candidates in sorted ring order at the committed offset', () => {
    expect(planRound(view({ round: undefined, candidates: ['p3', 'p1', 'p2'] }))).toEqual({
      type: 'open',
      round: { round: 4, attempt: 0, slots: ['p1', 'p2', 'p3'], members: ['p1', 'p2', 'p3'], offset: 96, leader: 'p1', at: 100 },
    })
  })

  test('waits for the minimum number of members, and stops at the last version', () => {
    expect(planRound(view({ round: undefined, candidates: ['p1', 'p2'], minMembers: 3 }))).toBeUndefined()
    expect(planRound(view({ round: undefined, lastVersion: 4 }))).toBeUndefined()
  })

  test('does nothing while members are still working', () => {
    expect(planRound(view({ reports: [report('p1'), report('p2')] }))).toBeUndefined()
  })

  test('commits when every member reported, with the majority hash and the next offset', () => {
    const action = planRound(view({ reports: [report('p1'), report('p2', hashA), report('p3')] }))
    expect(action).toMatchObject({ type: 'commit', version: { version: 5, hash: hashB, round: 4, attempt: 0, contributors: ['p1', 'p2', 'p3'], nextOffset: 96 + 3 * 8, loss: 0.5 } })
  })

  test('breaks a hash tie the same way on every replica', () => {
    const two = { ...round, slots: ['p1', 'p2'], members: ['p1', 'p2'] }
    const first = planRound(view({ round: two, reports: [report('p1', hashB), report('p2', hashA)] }))
    const second = planRound(view({ round: two, reports: [report('p2', hashA), report('p1', hashB)] }))
    expect(first).toEqual(second)
    expect(first).toMatchObject({ version: { hash: hashA } })
  })

  test('ignores reports of other peers and other attempts', () => {
    expect(planRound(view({ reports: [report('p1'), report('p2'), report('p4')] }))).toBeUndefined()
  })

  test('retries without the culprit a member names, keeping the slots', () => {
    const action = planRound(view({ failures: [{ round: 4, attempt: 0, peer: 'p2', culprit: 'p3', cause: 'peer closed its channel', at: 1 }] }))
    expect(action).toMatchObject({ type: 'retry', removed: ['p3'], round: { attempt: 1, slots: ['p1', 'p2', 'p3'], members: ['p1', 'p2'], offset: 96 } })
  })

  test('a failure blaming the leader removes the accuser; a failure blaming no one removes the reporter', () => {
    expect(planRound(view({ failures: [{ round: 4, attempt: 0, peer: 'p2', culprit: 'p1', cause: 'timeout', at: 1 }] }))).toMatchObject({ removed: ['p2'], round: { members: ['p1', 'p3'] } })
    expect(planRound(view({ failures: [{ round: 4, attempt: 0, peer: 'p3', culprit: null, cause: 'worker crashed', at: 1 }] }))).toMatchObject({ removed: ['p3'] })
  })

  test('retries without members whose link to the leader is down', () => {
    expect(planRound(view({ live: new Set(['p1', 'p3']) }))).toMatchObject({ type: 'retry', removed: ['p2'], round: { members: ['p1', 'p3'] } })
  })

  test('retries without silent members once the round times out', () => {
    expect(planRound(view({ reports: [report('p1'), report('p3')], roundAgeMs: 4000 }))).toBeUndefined()
    expect(planRound(view({ reports: [report('p1'), report('p3')], roundAgeMs: 6000 }))).toMatchObject({ type: 'retry', removed: ['p2'] })
  })

  test('reopens with fresh slots when no member of the round is left', () => {
    const lonely = { ...round, slots: ['p2', 'p3'], members: ['p2', 'p3'] }
    const action = planRound(view({ round: lonely, live: new Set(['p1']), candidates: ['p1'] }))
    expect(action).toMatchObject({ type: 'retry', round: { attempt: 1, slots: ['p1'], members: ['p1'] } })
  })
})
