// A viem wallet client with public actions for a local or remote node, as deploy, the tests and the gas bench
// use it.
import { type Account, type Address, createWalletClient, defineChain, http, publicActions } from 'viem'

export type RpcClientParameters = {
  rpcUrl: string
  chainId: number
  /** A local account, or the address of an account the node unlocks (anvil's dev accounts). */
  account: Account | Address
}

export function rpcClient({ rpcUrl, chainId, account }: RpcClientParameters) {
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  // anvil mines on arrival: poll receipts every 50 ms, not viem's default 4 s.
  return createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval: 50 }).extend(publicActions)
}

export type RpcClient = ReturnType<typeof rpcClient>
