import { BaseError } from '../errors/BaseError.ts'

/** A `payees` entry that is malformed, stored under another peer's key, or not signed by the peer it names. */
export class InvalidPayeeError extends BaseError {
  override name = 'InvalidPayeeError' as const
  constructor(
    readonly key: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`The payee declared under ${key.slice(0, 42)} is ignored: ${reason}.`, { cause: options.cause })
  }
}
