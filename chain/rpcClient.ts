// A viem wallet client with public actions for a local or remote node, as deploy, the validator, the tests and the
// gas bench use it.
import { type Account, type Address, createWalletClient, http, publicActions } from 'viem'
import { defineStarlingChain } from './defineStarlingChain.ts'

export type RpcClientParameters = {
  rpcUrl: string
  chainId: number
  /** A local account, or the address of an account the node unlocks (anvil's dev accounts). */
  account: Account | Address
  /** How often to poll for receipts and new blocks, in ms. Default 1 s, which suits a public chain (blocks every
   * few seconds) and a local one alike; callers that started anvil pass its `pollingInterval` (contracts/anvil.ts). */
  pollingInterval?: number
}

export function rpcClient({ rpcUrl, chainId, account, pollingInterval = 1_000 }: RpcClientParameters) {
  const chain = defineStarlingChain({ chainId, rpcUrl })
  return createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval }).extend(publicActions)
}

export type RpcClient = ReturnType<typeof rpcClient>
