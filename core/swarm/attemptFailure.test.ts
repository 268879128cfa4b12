import { describe, expect, test } from 'vitest'
import {
  AllReduceCancelledError,
  InvalidAllReduceInputError,
  PeerUnreachableError,
  ProtocolViolationError,
} from '../allreduce/errors.ts'
import { attemptFailure } from './attemptFailure.ts'

const at = { round: 3, attempt: 1, reportedBy: 'me' }

describe('attemptFailure', () => {
  test('the all-reduce failures blame the peer they name', () => {
    expect(attemptFailure(new PeerUnreachableError({ ...at, peer: 'p1', reason: 'timeout' })).culprit).toBe('p1')
    expect(attemptFailure(new ProtocolViolationError({ ...at, peer: 'p2', reason: 'flood' })).culprit).toBe('p2')
    expect(attemptFailure(new AllReduceCancelledError({ ...at, peer: 'p3', reason: 'cancelled' })).culprit).toBe('p3')
  })

  test('names the member that detected the failure, who accuses the culprit', () => {
    const failure = attemptFailure(new ProtocolViolationError({ ...at, peer: 'p2', reason: 'non-finite' }))
    expect(failure).toMatchObject({ culprit: 'p2', reportedBy: 'me', reason: 'non-finite' })
  })

  test('anything else blames no one, even with a `peer` field (no duck typing)', () => {
    expect(attemptFailure(new InvalidAllReduceInputError(3, 1, 'empty input'))).toEqual({
      culprit: null,
      reportedBy: null,
      reason: null,
      cause: 'Cannot run the all-reduce of round 3, attempt 1: empty input.',
    })
    expect(attemptFailure(Object.assign(new Error('worker died'), { peer: 'p9' }))).toEqual({
      culprit: null,
      reportedBy: null,
      reason: null,
      cause: 'worker died',
    })
    expect(attemptFailure('x'.repeat(600)).cause).toHaveLength(500)
  })
})
