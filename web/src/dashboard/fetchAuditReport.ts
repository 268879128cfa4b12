// Reads one validator's audits of a swarm (validator/createValidatorServer.ts, GET /swarms/<id>/audits): its open
// audits with the uploads each refused, and its recent verdicts with their reasons. The URL comes from the doc's
// signed endpoints map, but the answer is still checked field by field: a dashboard must not render what it cannot
// read.
import type { AuditOutcome, AuditVerdict, OpenAudit } from '../../../core/audit/createAuditor.ts'
import { BaseError } from '../../../core/errors/BaseError.ts'
import type { Hex } from '../../../core/types/Hex.ts'

export type AuditReport = { open: readonly OpenAudit[]; verdicts: readonly AuditVerdict[] }

export class AuditReportError extends BaseError {
  override name = 'AuditReportError' as const
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url} gave no audit report: ${reason}.`)
  }
}

const outcomes: readonly AuditOutcome[] = ['verified', 'refuted', 'unanswered']
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null
const isVerdict = (v: unknown): v is AuditVerdict =>
  isRecord(v) &&
  Number.isInteger(v.version) &&
  typeof v.peer === 'string' &&
  outcomes.includes(v.outcome as AuditOutcome) &&
  typeof v.reason === 'string' &&
  typeof v.at === 'number'
const isOpen = (o: unknown): o is OpenAudit =>
  isRecord(o) &&
  Number.isInteger(o.version) &&
  typeof o.peer === 'string' &&
  typeof o.waitingFor === 'string' &&
  isRecord(o.refused) &&
  typeof o.refused.count === 'number' &&
  Array.isArray(o.refused.latest)

/** Throws AuditReportError for a failed request or an answer of another shape; `signal` bounds the wait. */
export async function fetchAuditReport(url: string, swarmId: Hex, signal: AbortSignal): Promise<AuditReport> {
  let body: unknown
  try {
    const response = await fetch(`${url}/swarms/${swarmId}/audits`, { signal })
    if (response.status === 404 && ((await response.json()) as { error?: unknown }).error === 'NoAudits')
      throw new AuditReportError(url, 'it runs no audits of this swarm')
    if (!response.ok) throw new AuditReportError(url, `it answered ${response.status}`)
    body = await response.json()
  } catch (error) {
    if (error instanceof AuditReportError) throw error
    throw new AuditReportError(url, error instanceof Error ? error.message : String(error))
  }
  if (!isRecord(body) || !Array.isArray(body.open) || !Array.isArray(body.verdicts))
    throw new AuditReportError(url, 'the answer is not {open, verdicts}')
  if (!body.open.every(isOpen) || !body.verdicts.every(isVerdict))
    throw new AuditReportError(url, 'an audit in it is not of the expected shape')
  return { open: body.open, verdicts: body.verdicts }
}
