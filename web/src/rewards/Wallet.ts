// What the rewards views, the claim and the payee declaration need of the volunteer's wallet. Two kinds keep it:
// the pages' BrowserWallet holds the generated key in this origin's storage; the widget's FrameWallet
// (walletFrame/FrameWallet.svelte.ts) only talks to Starling's wallet page, which holds the key, because the widget
// runs in the host site's origin and that site can read everything stored there.
import type { Address, Chain, Hex } from 'viem'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import type { ClaimDeployment, Sender } from './claimRewards.ts'
import type { ClaimResult } from './OnChain.ts'

export type WalletKind = 'generated' | 'injected'

/** Where the generated key can be shown: on this page, or only inside Starling's own wallet page, framed. */
export type KeyExport = { where: 'here'; reveal(): Hex } | { where: 'frame'; page: string }

export type Wallet = {
  readonly kind: WalletKind
  /** Where this browser's rounds are paid. Reactive. */
  readonly address: Address
  /** The generated wallet's address, which stays usable after switching to an injected one. */
  readonly generated: Address
  readonly canInject: boolean
  readonly keyExport: KeyExport
  connectInjected(chain: Chain): Promise<void>
  useGenerated(): Promise<void>
  /** A client that signs any transaction as the current wallet: only where the key is at hand. */
  sender(chain: Chain): Promise<Sender>
  /** Submits `signed` from this wallet when it holds the gas, else through the deployment's relay. */
  sendClaim(signed: SignedReceipt, deployment: ClaimDeployment): Promise<ClaimResult>
}
