import { BaseError } from '../../../core/errors/BaseError.ts'

/** The browser's wallet cannot be used: unreadable storage, no wallet extension, or the extension refused. */
export class WalletError extends BaseError {
  override name = 'WalletError' as const
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause })
  }
}
