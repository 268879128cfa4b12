import { BaseError } from '../../../core/errors/BaseError.ts'

/** Starling's wallet page, framed by the widget, did not answer in time: it never loaded, was blocked or removed. */
export class WalletFrameSilentError extends BaseError {
  override name = 'WalletFrameSilentError' as const
  constructor(
    readonly page: string,
    /** What went unanswered: "start" (its ready message) or a request type. */
    readonly awaited: string,
    readonly waitedMs: number,
  ) {
    super(
      `Starling's wallet page (${page}) did not answer ${awaited === 'start' ? 'at start' : `"${awaited}"`} ` +
        `within ${Math.round(waitedMs / 1000)} s, so the widget cannot reach your wallet.`,
      {
        metaMessages: [
          'The widget keeps its wallet on Starling’s own site, in a hidden frame. This site may block frames from ' +
            `${new URL(page).origin} (its Content-Security-Policy frame-src), or the frame was removed from the page.`,
        ],
      },
    )
  }
}
