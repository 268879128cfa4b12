// What the dashboard's Audits panel shows, from the reports of every validator that publishes an endpoint: counts of
// recent verdicts and open audits, and the latest verdicts that went against a member, each with its reason. Pure, so
// that a test pins what a proposer reads.
import type { AuditOutcome } from '../../../core/audit/createAuditor.ts'
import type { AuditReport } from './fetchAuditReport.ts'

export type ValidatorAudits = {
  validator: string
  url: string
  /** Its latest report, kept while a later fetch fails. */
  report?: AuditReport | undefined
  /** Why the latest fetch failed, if it did. */
  error?: string | undefined
}

export type AuditAgainst = {
  validator: string
  peer: string
  version: number
  outcome: Exclude<AuditOutcome, 'verified'>
  reason: string
  at: number
}

export type AuditsSummary = {
  counts: Record<AuditOutcome | 'open', number>
  /** Refuted verdicts, then unanswered ones, each newest first. */
  against: readonly AuditAgainst[]
  /** Validators heard from, and those whose latest fetch failed (with why). */
  reporting: number
  unreachable: readonly { validator: string; error: string }[]
  /** Nothing audited yet anywhere: no verdict and no open audit. */
  empty: boolean
}

/** The panel lists at most this many verdicts: enough to see a pattern, few enough to read. */
export const listedVerdicts = 8

export function summarizeAudits(validators: readonly ValidatorAudits[]): AuditsSummary {
  const counts = { verified: 0, refuted: 0, unanswered: 0, open: 0 }
  const against: AuditAgainst[] = []
  for (const { validator, report } of validators) {
    if (!report) continue
    counts.open += report.open.length
    for (const verdict of report.verdicts) {
      counts[verdict.outcome]++
      if (verdict.outcome !== 'verified') {
        const { peer, version, outcome, reason, at } = verdict
        against.push({ validator, peer, version, outcome, reason, at })
      }
    }
  }
  // A lie is rarer and graver than a missed answer: a run of unanswered audits (a slow page) must not hide it.
  const rank = (a: AuditAgainst) => (a.outcome === 'refuted' ? 0 : 1)
  against.sort((a, b) => rank(a) - rank(b) || b.at - a.at || b.version - a.version)
  return {
    counts,
    against: against.slice(0, listedVerdicts),
    reporting: validators.filter((v) => v.report).length,
    unreachable: validators.flatMap(({ validator, error }) => (error ? [{ validator, error }] : [])),
    empty: counts.verified + counts.refuted + counts.unanswered + counts.open === 0,
  }
}
