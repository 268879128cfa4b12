import { AllReduceCancelledError, PeerUnreachableError, ProtocolViolationError } from '../allreduce/errors.ts'
import { BaseError } from '../errors/BaseError.ts'
import type { FailureRecord } from './records.ts'

/**
 * What a member writes in its failure record for an attempt that threw: the peer the all-reduce blamed (its typed
 * failures all name one; for a cancellation, the member that cancelled), and a short cause. Anything else (a worker's
 * compute error, a bad local input) blames no one, so the leader drops the reporter instead (planRound).
 */
export function attemptFailure(error: unknown): Pick<FailureRecord, 'culprit' | 'reportedBy' | 'reason' | 'cause'> {
  const blamed =
    error instanceof PeerUnreachableError ||
    error instanceof ProtocolViolationError ||
    error instanceof AllReduceCancelledError
      ? error
      : undefined
  const cause = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error)
  return {
    culprit: blamed?.peer ?? null,
    reportedBy: blamed?.reportedBy ?? null,
    reason: blamed?.reason ?? null,
    cause: cause.slice(0, 500),
  }
}
