import { describe, expect, test } from 'vitest'
import { caughtLying } from './caughtLying.ts'
import type { FailureRecord, RoundRecord } from './records.ts'

const round: RoundRecord = { round: 7, attempt: 2, members: ['a', 'b', 'c', 'x'], offset: 0, leader: 'a', at: 0 }
const failure = (peer: string, overrides: Partial<FailureRecord> = {}): FailureRecord => ({
  round: 7,
  attempt: 2,
  peer,
  culprit: 'x',
  reportedBy: peer,
  reason: 'commitment-mismatch',
  cause: 'sent bytes that do not match its commitment',
  at: 1,
  ...overrides,
})

describe('caughtLying', () => {
  test('a member that more than half of the others caught by their own check', () => {
    expect(caughtLying(round, [failure('b'), failure('c')], 'a')).toEqual(['x'])
    expect(caughtLying(round, [failure('b')], 'a')).toEqual([])
  })

  test('a member the leader caught itself', () => {
    expect(caughtLying(round, [failure('a')], 'a')).toEqual(['x'])
  })

  test('hearsay, other reasons, other attempts, non-members and self-accusation do not count', () => {
    const noise = [
      failure('b', { reportedBy: 'c' }),
      failure('c', { reason: 'timeout' }),
      failure('b', { reason: null }),
      failure('c', { attempt: 1 }),
      failure('z'),
      failure('x', { culprit: 'x' }),
      failure('b', { culprit: 'y' }),
    ]
    expect(caughtLying(round, noise, 'a')).toEqual([])
  })
})
