import { type Address, type Hex, getAddress } from 'viem'
import type { Manifest, RewardSpec } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import type { RpcClient } from '../chain/rpcClient.ts'
import { ValidatorSetupError } from './ValidatorSetupError.ts'

export type CheckValidatorSetupParameters = { swarmId: Hex; manifest: Manifest; validator: Address; client: RpcClient }

/**
 * Refuses to start on a setup that would only ever sign useless receipts: a manifest that is not the swarm's,
 * pays nothing, or does not list this validator, or a chain without this swarm and validator on it.
 */
export async function checkValidatorSetup({
  swarmId,
  manifest,
  validator,
  client,
}: CheckValidatorSetupParameters): Promise<RewardSpec> {
  if (swarmIdOf(manifest) !== swarmId)
    throw new ValidatorSetupError(`the manifest hashes to ${swarmIdOf(manifest)}, not to swarm ${swarmId}`)
  const rewards = manifest.rewards
  if (!rewards) throw new ValidatorSetupError(`swarm ${swarmId} pays no rewards (its manifest has no rewards section)`)
  if (!rewards.validators.some((v) => getAddress(v) === getAddress(validator)))
    throw new ValidatorSetupError(`${validator} is not among the manifest's validators`)
  let chainId: number
  let onChain: boolean
  try {
    ;[chainId, onChain] = await Promise.all([
      client.getChainId(),
      client.readContract({
        address: rewards.contract,
        abi: rewardsAbi,
        functionName: 'isValidator',
        args: [swarmId, validator],
      }),
    ])
  } catch (error) {
    throw new ValidatorSetupError(`the rewards contract ${rewards.contract} could not be read`, { cause: error })
  }
  if (chainId !== rewards.chainId)
    throw new ValidatorSetupError(`the RPC serves chain ${chainId}, the manifest pays on chain ${rewards.chainId}`)
  if (!onChain)
    throw new ValidatorSetupError(
      `swarm ${swarmId} does not exist on ${rewards.contract}, or ${validator} is not its validator there`,
    )
  return rewards
}
