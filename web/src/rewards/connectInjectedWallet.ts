// An injected EIP-1193 wallet (a browser extension's `window.ethereum`) as a viem wallet client on the
// deployment's chain: asks for an account, then switches the wallet to the chain, adding it first if the
// wallet does not know it (a local anvil, say).
import {
  type Account,
  type Address,
  type Chain,
  type EIP1193Provider,
  type Transport,
  type WalletClient,
  createWalletClient,
  custom,
  getAddress,
  numberToHex,
} from 'viem'
import { WalletError } from './WalletError.ts'

export type InjectedWallet = { address: Address; client: WalletClient<Transport, Chain, Account> }

/** EIP-1193 / EIP-3085 code for "this chain has not been added to the wallet". */
const unknownChain = 4902

export async function connectInjectedWallet(
  ethereum: EIP1193Provider | undefined,
  chain: Chain,
): Promise<InjectedWallet> {
  if (!ethereum) throw new WalletError('No wallet extension was found in this browser (window.ethereum is missing).')
  let accounts: readonly Address[]
  try {
    accounts = await ethereum.request({ method: 'eth_requestAccounts' })
  } catch (error) {
    throw new WalletError('The wallet extension did not share an account.', { cause: error })
  }
  const address = accounts[0]
  if (!address) throw new WalletError('The wallet extension shared no account.')
  const chainId = numberToHex(chain.id)
  if ((await ethereum.request({ method: 'eth_chainId' })) !== chainId) {
    try {
      await ethereum.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] })
    } catch (error) {
      if ((error as { code?: number }).code !== unknownChain)
        throw new WalletError(`The wallet did not switch to chain ${chain.id}.`, { cause: error })
      const rpcUrls = [...chain.rpcUrls.default.http]
      await ethereum
        .request({
          method: 'wallet_addEthereumChain',
          params: [{ chainId, chainName: chain.name, nativeCurrency: chain.nativeCurrency, rpcUrls }],
        })
        .catch((cause: unknown) => {
          throw new WalletError(`The wallet did not add chain ${chain.id}.`, { cause })
        })
    }
  }
  return {
    address: getAddress(address),
    client: createWalletClient({ account: getAddress(address), chain, transport: custom(ethereum) }),
  }
}
