import { BaseError } from '../../../core/errors/BaseError.ts'
import type { SerializedError } from '../../../core/errors/BaseError.ts'

/** Starling's wallet page answered a request with an error: its own message, and the name of the error it threw. */
export class WalletFrameRefusedError extends BaseError {
  override name = 'WalletFrameRefusedError' as const
  /** The error's name inside the wallet page (WalletError, ClaimRefusedError, RewardsRejectedError, …). */
  readonly frameError: string
  constructor(error: SerializedError) {
    super(error.message, error.details ? { details: error.details } : {})
    this.frameError = error.name
  }
}
