// The widget's end of the wallet frame protocol (walletFrameProtocol.ts): waits for the frame's page to run, sends
// requests to the frame's window and Starling's origin only, and reads only what that window posts from that
// origin. Everything else arriving on the page (its own messages, other frames', forgeries) is ignored.
import type { WalletAnswer, WalletRequest, WalletRequestType } from './walletFrameProtocol.ts'
import { readAnswerValue, readFrameMessage, writeRequest } from './walletFrameProtocol.ts'
import { WalletFrameRefusedError } from './WalletFrameRefusedError.ts'
import { WalletFrameSilentError } from './WalletFrameSilentError.ts'

export type WalletFrameTimeouts = {
  /** From creating the frame to its ready message. */
  startMs: number
  /** For open and choose-payee, which the frame answers from its storage. */
  answerMs: number
  /** For a claim, which the frame sends to the chain or the relay and waits to see mined. */
  claimMs: number
}

/**
 * startMs: the wallet page loads ≈ 385 KiB of script (≈ 125 KiB gzipped), shared with the widget's own chunks, so
 * mostly cached by then; from the local server here it loads in ≈ 250 ms (e2e/widgetWallet.spec.ts). On a slow
 * mobile link (≈ 50 KiB/s) a cold, uncompressed load takes ≈ 8 s; 20 s leaves room for a congested one.
 * answerMs: an answer from storage takes < 5 ms once ready; 5 s only allows for a frame whose main thread is busy.
 * claimMs: viem waits up to 180 s for a transaction to be mined (waitForTransactionReceipt's default), plus
 * simulation, gas estimate and the relay's round trip.
 */
export const walletFrameTimeouts: WalletFrameTimeouts = { startMs: 20_000, answerMs: 5_000, claimMs: 240_000 }

export type WalletFrameClientParameters = {
  /** The frame's window (iframe.contentWindow): requests go only to it, and only its messages are read. */
  frame: Pick<Window, 'postMessage'>
  /** The wallet page's URL: its origin is the only one requests are addressed to and answers accepted from. */
  page: string
  /** Where the frame's messages arrive: the widget's window. */
  events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>
  timeouts?: WalletFrameTimeouts
}

export type WalletFrameClient = {
  /** Settles once the frame's page runs; rejects with WalletFrameSilentError after timeouts.startMs. */
  ready: Promise<void>
  /** Rejects with WalletFrameSilentError when the frame does not answer in time, WalletFrameRefusedError when it
   * answers with an error. */
  request<T extends WalletRequestType>(request: Extract<WalletRequest, { type: T }>): Promise<WalletAnswer<T>>
  /** Stops listening; requests still waiting reject with WalletFrameSilentError. */
  close(): void
}

type Waiting = { type: WalletRequestType; since: number; settle(value: unknown, error?: Error): void }

export function createWalletFrameClient({
  frame,
  page,
  events,
  timeouts = walletFrameTimeouts,
}: WalletFrameClientParameters): WalletFrameClient {
  const origin = new URL(page).origin
  const waiting = new Map<number, Waiting>()
  let nextId = 0
  let started: () => void = () => {}
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new WalletFrameSilentError(page, 'start', timeouts.startMs)),
      timeouts.startMs,
    )
    started = () => {
      clearTimeout(timer)
      resolve()
    }
  })

  const onMessage = (event: Event) => {
    const { data, origin: from, source } = event as MessageEvent
    if (from !== origin || source !== (frame as unknown)) return
    const message = readFrameMessage(data)
    if (!message) return
    if (message.type === 'ready') return started()
    const request = waiting.get(message.id)
    if (!request) return
    if (message.type === 'refusal') return request.settle(undefined, new WalletFrameRefusedError(message.error))
    const value = readAnswerValue(request.type, message.value)
    if (value !== undefined) request.settle(value)
  }
  events.addEventListener('message', onMessage)

  async function request<T extends WalletRequestType>(
    request: Extract<WalletRequest, { type: T }>,
  ): Promise<WalletAnswer<T>> {
    await ready
    const id = nextId++
    const ms = request.type === 'claim' ? timeouts.claimMs : timeouts.answerMs
    return new Promise<WalletAnswer<T>>((resolve, reject) => {
      const timer = setTimeout(() => settle(undefined, new WalletFrameSilentError(page, request.type, ms)), ms)
      const settle = (value: unknown, error?: Error) => {
        clearTimeout(timer)
        waiting.delete(id)
        if (error) reject(error)
        else resolve(value as WalletAnswer<T>)
      }
      waiting.set(id, { type: request.type, since: performance.now(), settle })
      frame.postMessage(writeRequest(id, request), origin)
    })
  }

  return {
    ready,
    request,
    close() {
      events.removeEventListener('message', onMessage)
      for (const { type, since, settle } of waiting.values())
        settle(undefined, new WalletFrameSilentError(page, type, performance.now() - since))
    },
  }
}
