// Reads a swarm's terms as the rewards contract holds them, to compare with its manifest
// (core/rewards/onChainTermsIssues.ts). The contract stores the validator set only as a membership mapping, which
// cannot be listed, so the set comes from the swarm's one SwarmCreated event: createSwarm emits it exactly once per
// id (a second call reverts with SwarmExists) and nothing changes the terms afterwards.
import { type Address, type Client, getAddress, type Hex } from 'viem'
import { getChainId, getContractEvents, readContract } from 'viem/actions'
import type { OnChainSwarm } from '../core/rewards/OnChainSwarm.ts'
import { rewardsAbi } from './rewardsAbi.ts'
import { SwarmCreationNotFoundError } from './SwarmCreationNotFoundError.ts'

export type ReadOnChainSwarmParameters = {
  /** Any viem client on the rewards contract's chain: the pages' public client or the validator's wallet client. */
  client: Client
  contract: Address
  swarmId: Hex
}
export type ReadOnChainSwarmErrorType = SwarmCreationNotFoundError

/** The swarm's terms, or undefined while no swarm has this id. */
export async function readOnChainSwarm({
  client,
  contract,
  swarmId,
}: ReadOnChainSwarmParameters): Promise<OnChainSwarm | undefined> {
  const [chainId, swarm] = await Promise.all([
    getChainId(client),
    readContract(client, { address: contract, abi: rewardsAbi, functionName: 'getSwarm', args: [swarmId] }),
  ])
  if (swarm.status === 0) return undefined
  const created = await getContractEvents(client, {
    address: contract,
    abi: rewardsAbi,
    eventName: 'SwarmCreated',
    args: { swarm: swarmId },
    fromBlock: 'earliest',
    strict: true,
  })
  const validators = created[0]?.args.validators
  if (!validators) throw new SwarmCreationNotFoundError(swarmId, contract)
  return {
    chainId,
    contract: getAddress(contract),
    proposer: getAddress(swarm.proposer),
    token: getAddress(swarm.token),
    rewardPerUnit: swarm.rewardPerUnit,
    validators: validators.map((validator) => getAddress(validator)),
    threshold: swarm.threshold,
    claimWindow: swarm.claimWindow,
  }
}
