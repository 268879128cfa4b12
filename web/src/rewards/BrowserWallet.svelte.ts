// The volunteer's wallet in this browser, as reactive state: the generated key kept in this origin's localStorage
// (walletStorage.ts), or an injected EIP-1193 wallet the volunteer connected. Its address is the payee that
// joinSwarm declares for a session, so a change applies to the sessions that start after it. The pages use it;
// the widget, which runs in another site's origin, uses FrameWallet instead (Wallet.ts).
import type { Address, Chain, Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { type ClaimDeployment, claimRewards, type Sender } from './claimRewards.ts'
import { generatedSender } from './generatedSender.ts'
import { connectInjectedWallet, type InjectedWallet } from './connectInjectedWallet.ts'
import { injectedProvider } from './injectedProvider.ts'
import { injectedSender } from './injectedSender.ts'
import type { ClaimResult } from './OnChain.ts'
import type { KeyExport, Wallet, WalletKind } from './Wallet.ts'
import { loadWallet, rememberInjected } from './walletStorage.ts'

export class BrowserWallet implements Wallet {
  kind = $state<WalletKind>('generated')
  address = $state<Address>('0x0000000000000000000000000000000000000000')
  generated = $state<Address>('0x0000000000000000000000000000000000000000')
  readonly canInject = injectedProvider() !== undefined
  readonly keyExport: KeyExport = { where: 'here', reveal: () => this.exportKey() }
  private injected: InjectedWallet | undefined

  constructor(private readonly storage: Storage = localStorage) {
    this.load()
  }

  /** The generated wallet's private key, to import it into another wallet. Whoever holds it owns its tokens. */
  exportKey(): Hex {
    return loadWallet(this.storage).key
  }

  async connectInjected(chain: Chain): Promise<void> {
    this.injected = await connectInjectedWallet(injectedProvider(), chain)
    rememberInjected(this.injected.address, this.storage)
    this.load()
  }

  async useGenerated(): Promise<void> {
    this.injected = undefined
    rememberInjected(undefined, this.storage)
    this.load()
  }

  async sender(chain: Chain): Promise<Sender> {
    if (this.kind === 'generated') return generatedSender(this.exportKey(), chain)
    this.injected = await injectedSender(this.injected, this.address, chain)
    return this.injected.client
  }

  async sendClaim(signed: SignedReceipt, deployment: ClaimDeployment): Promise<ClaimResult> {
    return claimRewards({ ...deployment, signed, sender: await this.sender(deployment.chain) })
  }

  private load() {
    const { key, injected } = loadWallet(this.storage)
    this.generated = privateKeyToAddress(key)
    this.kind = injected ? 'injected' : 'generated'
    this.address = injected ?? this.generated
  }
}

let shared: BrowserWallet | undefined

/** The page's one wallet: every rewards view and the payee declaration see the same choice. */
export function browserWallet(): BrowserWallet {
  return (shared ??= new BrowserWallet())
}
