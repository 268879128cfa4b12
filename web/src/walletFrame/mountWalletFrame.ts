// Puts Starling's wallet page into the widget's page as a hidden frame and returns the protocol's client for it,
// once the page runs. The frame goes on the document, not into one widget's shadow root: every widget on the page
// shares the one wallet, and removing a widget must not take it away from the others.
import { createWalletFrameClient, type WalletFrameClient } from './createWalletFrameClient.ts'

export async function mountWalletFrame(page: URL): Promise<WalletFrameClient> {
  const frame = document.createElement('iframe')
  frame.src = page.href
  frame.title = 'Starling wallet'
  frame.hidden = true
  frame.setAttribute('aria-hidden', 'true')
  frame.tabIndex = -1
  frame.dataset.starlingWallet = ''
  // contentWindow exists once the frame is in the document; the client listens in this same task, before the
  // frame's page can have loaded, so its ready message cannot be missed.
  ;(document.body ?? document.documentElement).append(frame)
  const client = createWalletFrameClient({ frame: frame.contentWindow!, page: page.href, events: window })
  try {
    await client.ready
    return client
  } catch (error) {
    client.close()
    frame.remove()
    throw error
  }
}
