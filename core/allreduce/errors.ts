// Typed failures of the ring all-reduce. An attempt that does not resolve rejects with one of these, and every
// member of a failed attempt rejects with the same class, peer and reason: the member that detects a failure
// broadcasts it in an abort frame and the others rebuild the same error from it (`failureOf`).
//
// The kind of failure is `reason`, not `cause`: `cause` stays the standard ES2022 field that BaseError chains
// through (`walk`), holding the underlying error (a transport's LinkClosedError, a FrameDecodeError).

import { BaseError } from '../errors/BaseError.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export const unreachableReasons = ['closed', 'timeout', 'stalled'] as const
export const violationReasons = [
  'malformed',
  'duplicate',
  'stale',
  'wrong-length',
  'non-finite',
  'out-of-range',
  'flood',
  'commitment-mismatch',
] as const
/** The index of a reason is its code in abort frames: append only. */
export const failureReasons = [
  ...unreachableReasons,
  'malformed',
  'duplicate',
  'stale',
  'wrong-length',
  'non-finite',
  'out-of-range',
  'flood',
  'cancelled',
  'commitment-mismatch',
] as const satisfies readonly (UnreachableReason | ViolationReason | 'cancelled')[]

export type UnreachableReason = (typeof unreachableReasons)[number]
export type ViolationReason = (typeof violationReasons)[number]
export type FailureReason = (typeof failureReasons)[number]

export type FailureParameters<reason extends FailureReason = FailureReason> = {
  /** The member at fault; for `cancelled`, the member that cancelled. */
  peer: PeerId
  reason: reason
  round: number
  attempt: number
  /** The member that detected the failure and told the others. */
  reportedBy: PeerId
  details?: string | undefined
  cause?: unknown
}

const described: Record<FailureReason, string> = {
  closed: 'closed its link',
  timeout: 'stopped answering',
  stalled: 'stopped sending data',
  malformed: 'sent a malformed frame',
  duplicate: 'sent a duplicate frame',
  stale: 'sent a frame of a stale round or attempt',
  'wrong-length': 'sent a frame of the wrong length',
  'non-finite': 'sent NaN or Infinity',
  'out-of-range': 'sent an out-of-range value',
  flood: 'sent more than the protocol allows',
  cancelled: 'cancelled the attempt',
  'commitment-mismatch': 'sent bytes that do not match its commitment',
}

abstract class AllReduceFailure<reason extends FailureReason> extends BaseError {
  readonly peer: PeerId
  readonly reason: reason
  readonly round: number
  readonly attempt: number
  readonly reportedBy: PeerId

  constructor(parameters: FailureParameters<reason>) {
    const { peer, reason, round, attempt, reportedBy, details, cause } = parameters
    super(`Peer ${peer} ${described[reason]} (round ${round}, attempt ${attempt}).`, {
      cause,
      details,
      metaMessages: reportedBy === peer ? [] : [`Reported by ${reportedBy}.`],
    })
    this.peer = peer
    this.reason = reason
    this.round = round
    this.attempt = attempt
    this.reportedBy = reportedBy
  }
}

/** A member closed its link, went silent, or stopped sending data while alive. */
export class PeerUnreachableError extends AllReduceFailure<UnreachableReason> {
  override name = 'PeerUnreachableError' as const
}

/** A member sent something the protocol does not allow; it is dropped from the round (docs/architecture.md §8). */
export class ProtocolViolationError extends AllReduceFailure<ViolationReason> {
  // Widened for its one subclass, so that `instanceof ProtocolViolationError` still catches every violation.
  override name: 'ProtocolViolationError' | 'CommitmentMismatchError' = 'ProtocolViolationError'
}

/**
 * What proves a member sent other bytes than it committed to: the receiver (the chunk's owner) holds both hashes,
 * and the caller turns them into a signed accusation. Members that only heard the abort get a ProtocolViolationError
 * with reason 'commitment-mismatch' and no evidence: they never saw the bytes.
 */
export type CommitmentEvidence = {
  /** The chunk (one per member, the owner's rank) whose bytes were checked. */
  chunk: number
  /** sha256 of the bytes received. */
  received: Hex
  committed: Hex
}

export class CommitmentMismatchError extends ProtocolViolationError {
  override name = 'CommitmentMismatchError' as const
  readonly evidence: CommitmentEvidence
  constructor(
    parameters: Omit<FailureParameters<'commitment-mismatch'>, 'reason' | 'details'>,
    evidence: CommitmentEvidence,
  ) {
    super({
      ...parameters,
      reason: 'commitment-mismatch',
      details: `chunk ${evidence.chunk} hashes to ${evidence.received}, committed ${evidence.committed}`,
    })
    this.evidence = evidence
  }
}

/** A member's own caller ended the attempt (superseded round, endpoint closed, bad local input). */
export class AllReduceCancelledError extends AllReduceFailure<'cancelled'> {
  override name = 'AllReduceCancelledError' as const
}

export type AllReduceFailureError = PeerUnreachableError | ProtocolViolationError | AllReduceCancelledError

/** Rebuilds the error a failure reason stands for: every member of an attempt rejects with the same class. */
export function failureOf(parameters: FailureParameters): AllReduceFailureError {
  const { reason } = parameters
  if (reason === 'cancelled') return new AllReduceCancelledError({ ...parameters, reason })
  if ((unreachableReasons as readonly string[]).includes(reason))
    return new PeerUnreachableError(parameters as FailureParameters<UnreachableReason>)
  return new ProtocolViolationError(parameters as FailureParameters<ViolationReason>)
}

/** The caller asked for something the engine cannot do; nothing was sent for it except an abort notice. */
export class InvalidAllReduceInputError extends BaseError {
  override name = 'InvalidAllReduceInputError' as const
  constructor(
    readonly round: number,
    readonly attempt: number,
    readonly problem: string,
  ) {
    super(`Cannot run the all-reduce of round ${round}, attempt ${attempt}: ${problem}.`)
  }
}

/** Everything `AllReduceEndpoint.allReduce` can reject with. */
export type AllReduceErrorType = AllReduceFailureError | InvalidAllReduceInputError

/** This member was about to send NaN or ∞: its own input holds it, or its float32 addition overflowed. */
export class NonFiniteSumError extends BaseError {
  override name = 'NonFiniteSumError' as const
  constructor(
    readonly step: number,
    readonly chunk: number,
    readonly segment: number,
  ) {
    super(`This member's values for step ${step}, chunk ${chunk}, segment ${segment} hold NaN or Infinity.`, {
      details: 'its own input holds NaN or Infinity, or a partial sum overflowed float32',
    })
  }
}

/** Thrown by transports when a link is gone; the engine turns it into PeerUnreachableError('closed'). */
export class LinkClosedError extends BaseError {
  override name = 'LinkClosedError' as const
  constructor(
    readonly peer: PeerId,
    readonly reason: string,
  ) {
    super(`Link to ${peer} is closed: ${reason}.`)
  }
}

export const frameDecodeReasons = [
  'truncated',
  'version',
  'type',
  'codec',
  'flags',
  'length',
  'fields',
  'abort',
] as const
export type FrameDecodeReason = (typeof frameDecodeReasons)[number]

/** decodeFrame's verdict on bytes that are not a frame of this protocol version. */
export class FrameDecodeError extends BaseError {
  override name = 'FrameDecodeError' as const
  constructor(
    readonly reason: FrameDecodeReason,
    details: string,
  ) {
    super(`Malformed all-reduce frame (${reason}).`, { details })
  }
}
