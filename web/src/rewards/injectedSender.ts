import type { Address, Chain } from 'viem'
import { connectInjectedWallet, type InjectedWallet } from './connectInjectedWallet.ts'
import { injectedProvider } from './injectedProvider.ts'
import { WalletError } from './WalletError.ts'

/**
 * The wallet extension's client for the chosen payee, connecting it when `connected` is undefined (after a reload).
 * The extension may have switched accounts since the volunteer chose it: then nothing is signed.
 */
export async function injectedSender(
  connected: InjectedWallet | undefined,
  payee: Address,
  chain: Chain,
): Promise<InjectedWallet> {
  const injected = connected ?? (await connectInjectedWallet(injectedProvider(), chain))
  if (injected.address !== payee)
    throw new WalletError(
      `The wallet extension now uses ${injected.address}, not ${payee}; connect it again to pay that account.`,
    )
  return injected
}
