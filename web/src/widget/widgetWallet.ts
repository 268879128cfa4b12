// The widget page's one wallet, kept by Starling's wallet page (wallet.html beside widget.js, on Starling's origin)
// in a hidden frame: every widget on the page, its rewards panel and its payee declaration see the same one.
import { FrameWallet } from '../walletFrame/FrameWallet.svelte.ts'
import { mountWalletFrame } from '../walletFrame/mountWalletFrame.ts'
import { widgetScript } from './widgetScript.ts'

let shared: FrameWallet | undefined

export function widgetWallet(): FrameWallet {
  return (shared ??= new FrameWallet(new URL('wallet.html', widgetScript()), mountWalletFrame))
}
