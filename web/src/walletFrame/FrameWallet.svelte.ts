// The widget's wallet (Wallet.ts): the generated key stays in Starling's wallet page, framed from Starling's origin,
// and this asks it for the payee, records the volunteer's choice there and has it send claims. The widget runs in
// the host site's origin, where the site can read any stored value, so nothing secret is held here. A wallet
// extension, injected into this page, is used from here as on the volunteer page.
import type { Address, Chain } from 'viem'
import { encodeReceipt, type SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { type ClaimDeployment, claimRewards, type Sender } from '../rewards/claimRewards.ts'
import { connectInjectedWallet, type InjectedWallet } from '../rewards/connectInjectedWallet.ts'
import { injectedProvider } from '../rewards/injectedProvider.ts'
import { injectedSender } from '../rewards/injectedSender.ts'
import type { ClaimResult } from '../rewards/OnChain.ts'
import type { KeyExport, Wallet, WalletKind } from '../rewards/Wallet.ts'
import { WalletError } from '../rewards/WalletError.ts'
import type { WalletFrameClient } from './createWalletFrameClient.ts'
import type { WalletView } from './walletFrameProtocol.ts'

export class FrameWallet implements Wallet {
  kind = $state<WalletKind>('generated')
  address = $state<Address>('0x0000000000000000000000000000000000000000')
  generated = $state<Address>('0x0000000000000000000000000000000000000000')
  readonly canInject = injectedProvider() !== undefined
  readonly keyExport: KeyExport
  private injected: InjectedWallet | undefined
  private connecting: Promise<WalletFrameClient> | undefined

  /** `page`: the wallet page's URL. `connect` frames it (mountWalletFrame.ts); it is called again after a failure. */
  constructor(
    private readonly page: URL,
    private readonly connect: (page: URL) => Promise<WalletFrameClient>,
  ) {
    this.keyExport = { where: 'frame', page: `${page.origin}${page.pathname}?view=export` }
  }

  /** Reads the wallet the frame keeps (creating its key on first use). Rejects with WalletFrameSilentError when
   * the frame does not answer, WalletFrameRefusedError when it cannot open the wallet. */
  async open(): Promise<this> {
    this.apply(await (await this.client()).request({ type: 'open' }))
    return this
  }

  async connectInjected(chain: Chain): Promise<void> {
    const injected = await connectInjectedWallet(injectedProvider(), chain)
    this.apply(await (await this.client()).request({ type: 'choose-payee', injected: injected.address }))
    this.injected = injected
  }

  async useGenerated(): Promise<void> {
    this.apply(await (await this.client()).request({ type: 'choose-payee', injected: null }))
    this.injected = undefined
  }

  async sender(chain: Chain): Promise<Sender> {
    if (this.kind === 'generated')
      throw new WalletError(
        "The widget's wallet key stays on Starling's own site and signs only claims there; " +
          'use the Starling app to send anything else from it.',
      )
    this.injected = await injectedSender(this.injected, this.address, chain)
    return this.injected.client
  }

  async sendClaim(signed: SignedReceipt, deployment: ClaimDeployment): Promise<ClaimResult> {
    await this.open()
    if (this.kind === 'injected')
      return claimRewards({ ...deployment, signed, sender: await this.sender(deployment.chain) })
    // The frame sends it from its own config's chain and contract: only the receipt travels.
    return (await this.client()).request({ type: 'claim', receipt: encodeReceipt(signed) })
  }

  private client(): Promise<WalletFrameClient> {
    this.connecting ??= this.connect(this.page).catch((error: unknown) => {
      this.connecting = undefined
      throw error
    })
    return this.connecting
  }

  private apply({ generated, injected }: WalletView) {
    this.generated = generated
    this.kind = injected ? 'injected' : 'generated'
    this.address = injected ?? generated
  }
}
