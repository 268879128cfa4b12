// The wallet page's end of the wallet frame protocol (walletFrameProtocol.ts): answers the page that frames it, and
// no other window. Any site may frame Starling's wallet page, so nothing here trusts the asker: the answers hold
// nothing but public addresses and claim results (handleWalletRequest.ts), never the key.
import { serializeError } from '../../../core/errors/BaseError.ts'
import type { WalletView, WalletRequest } from './walletFrameProtocol.ts'
import { readWalletRequest, writeAnswer, writeReady, writeRefusal } from './walletFrameProtocol.ts'
import type { ClaimResult } from '../rewards/OnChain.ts'

export type FrameWindow = Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & {
  readonly parent: Pick<Window, 'postMessage'>
}

export type AnswerWalletRequestsParameters = {
  /** The wallet page's own window: requests arrive on it, answers go to its parent. */
  window: FrameWindow
  handle(request: WalletRequest): Promise<WalletView | ClaimResult>
}

/** Listens until the returned function is called. Tells the parent it is ready first. */
export function answerWalletRequests({ window, handle }: AnswerWalletRequestsParameters): () => void {
  const { parent } = window
  const onMessage = (event: Event) => {
    const { data, origin, source } = event as MessageEvent
    // Only the framing page may ask. An opaque origin ("null", a sandboxed page) cannot be addressed by an answer
    // without "*", which would let whatever the parent navigates to read it.
    if (source !== (parent as unknown) || origin === 'null') return
    const read = readWalletRequest(data)
    if (!read) return
    handle(read.request).then(
      (value) => parent.postMessage(writeAnswer(read.id, value), origin),
      (error: unknown) => parent.postMessage(writeRefusal(read.id, serializeError(error)), origin),
    )
  }
  window.addEventListener('message', onMessage)
  // "*": the page cannot know who frames it (ancestorOrigins is Chromium's alone), and this says only that it runs.
  parent.postMessage(writeReady(), '*')
  return () => window.removeEventListener('message', onMessage)
}
