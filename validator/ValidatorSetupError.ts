import { BaseError } from '../core/errors/BaseError.ts'

/** The validator cannot serve this swarm: wrong manifest, not one of its validators, or the chain disagrees. */
export class ValidatorSetupError extends BaseError {
  override name = 'ValidatorSetupError' as const
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`The validator cannot start: ${reason}.`, { cause: options.cause })
  }
}
