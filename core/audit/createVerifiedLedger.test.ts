import { describe, expect, test } from 'vitest'
import type { AuditVerdict } from './createAuditor.ts'
import { createVerifiedLedger } from './createVerifiedLedger.ts'

const verdict = (peer: string, version: number, outcome: AuditVerdict['outcome']) =>
  ({ peer, version, attempt: 0, outcome, reason: outcome }) as AuditVerdict

describe('createVerifiedLedger', () => {
  test("each member's latest verified version", () => {
    const ledger = createVerifiedLedger()
    ledger.record(verdict('a', 4, 'verified'), 'none')
    ledger.record(verdict('a', 9, 'verified'), 'none')
    ledger.record(verdict('a', 7, 'verified'), 'none')
    ledger.record(verdict('b', 5, 'verified'), 'none')
    expect(ledger.verifiedThrough()).toEqual(
      new Map([
        ['a', 9],
        ['b', 5],
      ]),
    )
  })

  test('a lapse keeps the member below the lapsed version, even when a later audit verifies', () => {
    const ledger = createVerifiedLedger()
    ledger.record(verdict('a', 4, 'verified'), 'none')
    ledger.record(verdict('a', 8, 'unanswered'), 'lapse')
    ledger.record(verdict('a', 12, 'verified'), 'none')
    expect(ledger.verifiedThrough().get('a')).toBe(4)
  })

  test('verdicts that settle out of order: a lapse below a verified version takes it back', () => {
    const ledger = createVerifiedLedger()
    ledger.record(verdict('a', 3, 'verified'), 'none')
    ledger.record(verdict('a', 10, 'verified'), 'none')
    ledger.record(verdict('a', 6, 'unanswered'), 'lapse')
    expect(ledger.verifiedThrough().get('a')).toBe(3)
    ledger.record(verdict('b', 2, 'unanswered'), 'lapse')
    ledger.record(verdict('b', 5, 'verified'), 'none')
    expect(ledger.verifiedThrough().has('b')).toBe(false)
  })

  test('a ban changes nothing here: the ban itself forfeits (unitsByPeer forfeitsFrom)', () => {
    const ledger = createVerifiedLedger()
    ledger.record(verdict('a', 3, 'verified'), 'none')
    ledger.record(verdict('a', 5, 'refuted'), 'ban')
    expect(ledger.verifiedThrough().get('a')).toBe(3)
  })
})
