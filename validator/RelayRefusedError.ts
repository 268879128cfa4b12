import { BaseError } from '../core/errors/BaseError.ts'

/**
 * Why the validator did not relay a claim, with the HTTP status it answers: 400 malformed, 404 another swarm,
 * 422 a receipt the contract would refuse (cause: RewardsRejectedError, in words), 429 busy, 502 the chain failed.
 */
export class RelayRefusedError extends BaseError {
  override name = 'RelayRefusedError' as const
  constructor(
    readonly status: 400 | 404 | 422 | 429 | 502,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
  }
}
