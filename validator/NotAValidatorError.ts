import { BaseError } from '../core/errors/BaseError.ts'

/** A ban from an account the manifest does not list as a validator: every replica would refuse it. */
export class NotAValidatorError extends BaseError {
  override name = 'NotAValidatorError' as const
  constructor(readonly account: string) {
    super(`${account} is not one of this swarm's validators, so its bans would be refused.`)
  }
}
