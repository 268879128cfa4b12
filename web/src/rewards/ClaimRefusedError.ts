import { BaseError } from '../../../core/errors/BaseError.ts'

/** A claim that could not be made, in words a volunteer can act on (no receipt yet, relay refused or down). */
export class ClaimRefusedError extends BaseError {
  override name = 'ClaimRefusedError' as const
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause })
  }
}
