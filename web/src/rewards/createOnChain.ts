// The deployment's chain as the pages see it (OnChain.ts), or undefined when config.json names none. Reads go
// straight to the chain's RPC; writes are signed by the volunteer's wallet (Wallet.ts: this page's own, or in the
// widget the one kept by Starling's wallet page), or relayed by the validator at `validatorUrl`.
import { type Address, type PublicClient, createPublicClient, erc20Abi, http, parseEventLogs } from 'viem'
import { readOnChainSwarm } from '../../../chain/readOnChainSwarm.ts'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import { defineStarlingChain } from '../../../chain/defineStarlingChain.ts'
import type { AppConfig } from '../config/loadConfig.ts'
import { browserWallet } from './BrowserWallet.svelte.ts'
import { fundSwarm } from './fundSwarm.ts'
import type { OnChain, TokenInfo } from './OnChain.ts'
import { readEarnings } from './readEarnings.ts'
import type { Wallet } from './Wallet.ts'

export function createOnChain(config: AppConfig, wallet: () => Wallet = browserWallet): OnChain | undefined {
  if (!config.chain) return undefined
  const chain = defineStarlingChain(config.chain)
  // A local chain mines on arrival; a public one every few seconds: one poll a second suits both for one receipt.
  const client: PublicClient = createPublicClient({ chain, transport: http(), pollingInterval: 1_000 })
  const contract = config.chain.rewards
  const { validatorUrl } = config
  const tokens = new Map<Address, Promise<TokenInfo>>()

  return {
    chainId: chain.id,
    chain,
    contract,
    defaults: { token: config.chain.token, validators: config.chain.validators, threshold: config.chain.threshold },
    proposer: () => {
      try {
        return wallet().address
      } catch {
        // An unreadable stored key: the wallet card says why; the launch form reports the proposer as missing.
        return undefined
      }
    },
    createSwarm: async ({ swarmId, rewards, deposit }) =>
      fundSwarm({ client, sender: await wallet().sender(chain), contract, swarmId, rewards, deposit }),
    swarmTerms: (swarmId) => readOnChainSwarm({ client, contract, swarmId }),
    escrow: async (swarmId) => {
      const [swarm, logs] = await Promise.all([
        client.readContract({ address: contract, abi: rewardsAbi, functionName: 'getSwarm', args: [swarmId] }),
        client.getLogs({
          address: contract,
          event: rewardsAbi.find((item) => item.type === 'event' && item.name === 'Claimed')!,
          args: { swarm: swarmId },
          fromBlock: 'earliest',
        }),
      ])
      const paid = parseEventLogs({ abi: rewardsAbi, logs, eventName: 'Claimed' }).reduce(
        (sum, log) => sum + log.args.amount,
        0n,
      )
      return { token: swarm.token, left: swarm.escrow, paid }
    },
    earnings: (swarmId, contributor, receipt) => readEarnings({ client, contract, swarmId, contributor, receipt }),
    tokenInfo: (token) => {
      let info = tokens.get(token)
      if (!info) {
        info = Promise.all([
          client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
          client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
        ]).then(([symbol, decimals]) => ({ address: token, symbol, decimals }))
        tokens.set(token, info)
        info.catch(() => tokens.delete(token)) // a failed read is retried next time, not remembered
      }
      return info
    },
    claim: (signed) => wallet().sendClaim(signed, { client, chain, contract, validatorUrl }),
  }
}
