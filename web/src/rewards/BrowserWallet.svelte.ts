// The volunteer's wallet in this browser, as reactive state: the generated key kept in localStorage
// (walletStorage.ts), or an injected EIP-1193 wallet the volunteer connected. Its address is the payee that
// joinSwarm declares for a session, so a change applies to the sessions that start after it.
import { type Address, type Chain, type EIP1193Provider, type Hex, createWalletClient, http } from 'viem'
import { privateKeyToAccount, privateKeyToAddress } from 'viem/accounts'
import type { Sender } from './claimRewards.ts'
import { connectInjectedWallet, type InjectedWallet } from './connectInjectedWallet.ts'
import { loadWallet, rememberInjected } from './walletStorage.ts'
import { WalletError } from './WalletError.ts'

export type WalletKind = 'generated' | 'injected'

const injectedProvider = () => (globalThis as { ethereum?: EIP1193Provider }).ethereum

export class BrowserWallet {
  kind = $state<WalletKind>('generated')
  /** Where this browser's rounds are paid. */
  address = $state<Address>('0x0000000000000000000000000000000000000000')
  /** The generated wallet's address, which stays usable after switching to an injected one. */
  generated = $state<Address>('0x0000000000000000000000000000000000000000')
  readonly canInject = injectedProvider() !== undefined
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

  useGenerated(): void {
    this.injected = undefined
    rememberInjected(undefined, this.storage)
    this.load()
  }

  /** A client that signs as the current wallet on `chain`. */
  async sender(chain: Chain): Promise<Sender> {
    if (this.kind === 'generated')
      return createWalletClient({ account: privateKeyToAccount(this.exportKey()), chain, transport: http() })
    this.injected ??= await connectInjectedWallet(injectedProvider(), chain)
    if (this.injected.address !== this.address)
      throw new WalletError(
        `The wallet extension now uses ${this.injected.address}, not ${this.address}; ` +
          `connect it again to pay that account.`,
      )
    return this.injected.client
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
