import { describe, expect, test } from 'vitest'
import type { AuditVerdict, OpenAudit } from '../../../core/audit/createAuditor.ts'
import { listedVerdicts, summarizeAudits } from './summarizeAudits.ts'

const [alice, bob, eve] = ['0x' + 'a'.repeat(40), '0x' + 'b'.repeat(40), '0x' + 'e'.repeat(40)]
const [v1, v2] = ['0x' + '1'.repeat(40), '0x' + '2'.repeat(40)]
const verdict = (
  version: number,
  peer: string,
  outcome: AuditVerdict['outcome'],
  reason: string = outcome,
): AuditVerdict => ({
  version,
  attempt: 0,
  peer,
  outcome,
  reason,
  at: version * 1_000,
})
const open = (version: number, peer: string): OpenAudit => ({
  version,
  peer,
  waitingFor: 'its reveal',
  refused: { count: 1, latest: [{ reason: 'malformed reveal: it does not start with "SRV1"', at: 1 }] },
})

describe('summarizeAudits', () => {
  test('nothing heard yet, or nothing audited yet, is empty', () => {
    expect(summarizeAudits([])).toEqual({
      counts: { verified: 0, refuted: 0, unanswered: 0, open: 0 },
      against: [],
      reporting: 0,
      unreachable: [],
      empty: true,
    })
    expect(summarizeAudits([{ validator: v1, url: 'http://v1', report: { open: [], verdicts: [] } }]).empty).toBe(true)
  })

  test('counts every validator’s verdicts and open audits; lists those against a member, refuted first', () => {
    const summary = summarizeAudits([
      {
        validator: v1,
        url: 'http://v1',
        report: {
          open: [open(5, alice)],
          verdicts: [
            verdict(1, alice, 'verified'),
            verdict(2, eve, 'refuted', 'the revealed contribution is 1.00 (relative) from the gradient'),
            verdict(3, bob, 'unanswered', 'no valid reveal within 30 s; 1 upload refused: malformed reveal: …'),
          ],
        },
      },
      { validator: v2, url: 'http://v2', error: 'http://v2 gave no audit report: it answered 502.' },
    ])
    expect(summary.counts).toEqual({ verified: 1, refuted: 1, unanswered: 1, open: 1 })
    expect(summary.against).toEqual([
      {
        validator: v1,
        peer: eve,
        version: 2,
        outcome: 'refuted',
        reason: 'the revealed contribution is 1.00 (relative) from the gradient',
        at: 2_000,
      },
      {
        validator: v1,
        peer: bob,
        version: 3,
        outcome: 'unanswered',
        reason: 'no valid reveal within 30 s; 1 upload refused: malformed reveal: …',
        at: 3_000,
      },
    ])
    expect(summary).toMatchObject({
      reporting: 1,
      unreachable: [{ validator: v2, error: 'http://v2 gave no audit report: it answered 502.' }],
      empty: false,
    })
  })

  test('a validator that failed its latest fetch still counts with its last report', () => {
    const report = { open: [], verdicts: [verdict(1, alice, 'refuted')] }
    const summary = summarizeAudits([{ validator: v1, url: 'http://v1', report, error: 'timed out' }])
    expect(summary.counts.refuted).toBe(1)
    expect(summary.reporting).toBe(1)
    expect(summary.unreachable).toEqual([{ validator: v1, error: 'timed out' }])
  })

  test(`lists at most ${listedVerdicts} verdicts; a flood of unanswered ones does not hide a refuted one`, () => {
    const verdicts = [
      verdict(1, eve, 'refuted'),
      ...Array.from({ length: 20 }, (_, i) => verdict(i + 2, bob, 'unanswered')),
    ]
    const summary = summarizeAudits([{ validator: v1, url: 'http://v1', report: { open: [], verdicts } }])
    expect(summary.counts).toMatchObject({ refuted: 1, unanswered: 20 })
    expect(summary.against.map((a) => a.version)).toEqual([1, 21, 20, 19, 18, 17, 16, 15])
  })
})
