// The one viem chain definition for a Starling deployment's chain, local anvil or public: what the Node RPC client
// (rpcClient.ts) and the pages (web/src/rewards/createOnChain.ts) both build their clients on.
import { type Chain, defineChain } from 'viem'

export type StarlingChainParameters = { chainId: number; rpcUrl: string }

export function defineStarlingChain({ chainId, rpcUrl }: StarlingChainParameters): Chain {
  return defineChain({
    id: chainId,
    name: `Starling chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
}
