import { BaseError } from '../../../core/errors/BaseError.ts'

/** The browser denies Starling's wallet page its storage while it is framed by another site (third-party storage
 * blocked: private windows, third-party cookies off), so the widget has no wallet to pay. */
export class WalletStorageBlockedError extends BaseError {
  override name = 'WalletStorageBlockedError' as const
  constructor(
    readonly origin: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `This browser does not let Starling's wallet (${origin}) keep its key inside another site, so this widget ` +
        `cannot be paid here. Allow cookies for ${origin} on this site, or volunteer on Starling's own page ` +
        `(${origin}/) to be paid.`,
      { cause: options.cause },
    )
  }
}
