import { createPublicClient, http } from 'viem'
import { defineStarlingChain } from '../../../chain/defineStarlingChain.ts'
import type { AppConfig } from '../config/loadConfig.ts'
import type { ClaimDeployment } from '../rewards/claimRewards.ts'
import { ClaimRefusedError } from '../rewards/ClaimRefusedError.ts'

/** Where the wallet page sends claims: the chain, contract and relay its own origin's config.json names. */
export function claimDeploymentOf(config: AppConfig): ClaimDeployment {
  if (!config.chain) throw new ClaimRefusedError('This Starling deployment has no chain, so nothing can be claimed.')
  const chain = defineStarlingChain(config.chain)
  // As createOnChain's client: one poll a second suits a local chain and a public one for one receipt.
  const client = createPublicClient({ chain, transport: http(), pollingInterval: 1_000 })
  return { client, chain, contract: config.chain.rewards, validatorUrl: config.validatorUrl }
}
