// Why an upload to an audit was not taken: each maps to one HTTP status on the validator (validator/auditRoutes.ts).
import { BaseError } from '../errors/BaseError.ts'

/** Nobody is auditing that contribution or needs that state (404): not sampled, not yet seen, or already settled. */
export class NotAuditedError extends BaseError {
  override name = 'NotAuditedError' as const
}

/** The bytes are not what the doc says they must be (409): another hash than the commitments or the version's. */
export class AuditMismatchError extends BaseError {
  override name = 'AuditMismatchError' as const
}

/** The audit already has its verdict (410): an answer after it, in time or not, changes nothing. */
export class AuditClosedError extends BaseError {
  override name = 'AuditClosedError' as const
}
