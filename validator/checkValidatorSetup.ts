import { type Address, type Hex, getAddress } from 'viem'
import type { Manifest, RewardSpec } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import type { OnChainSwarm } from '../core/rewards/OnChainSwarm.ts'
import { onChainTermsIssues } from '../core/rewards/onChainTermsIssues.ts'
import { OnChainTermsMismatchError } from '../core/rewards/OnChainTermsMismatchError.ts'
import { readOnChainSwarm } from '../chain/readOnChainSwarm.ts'
import type { RpcClient } from '../chain/rpcClient.ts'
import { ValidatorSetupError } from './ValidatorSetupError.ts'

export type CheckValidatorSetupParameters = { swarmId: Hex; manifest: Manifest; validator: Address; client: RpcClient }
export type CheckValidatorSetupErrorType = ValidatorSetupError | OnChainTermsMismatchError

/**
 * Refuses to start on a setup that would only ever sign useless or harmful receipts: a manifest that is not the
 * swarm's, pays nothing, or does not list this validator; a chain without this swarm on it; or a swarm on chain whose
 * terms or proposer differ from the manifest's (OnChainTermsMismatchError): someone else created the id first, and
 * receipts for it would pay out of their escrow at their rate, under their control (docs/architecture.md §7).
 * The on-chain terms never change after creation, so this one check covers every receipt the validator signs later.
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
  let onChain: OnChainSwarm | undefined
  try {
    ;[chainId, onChain] = await Promise.all([
      client.getChainId(),
      readOnChainSwarm({ client, contract: rewards.contract, swarmId }),
    ])
  } catch (error) {
    throw new ValidatorSetupError(`the rewards contract ${rewards.contract} could not be read`, { cause: error })
  }
  if (chainId !== rewards.chainId)
    throw new ValidatorSetupError(`the RPC serves chain ${chainId}, the manifest pays on chain ${rewards.chainId}`)
  if (!onChain) throw new ValidatorSetupError(`swarm ${swarmId} does not exist on ${rewards.contract}`)
  const issues = onChainTermsIssues(rewards, onChain)
  if (issues.length > 0) throw new OnChainTermsMismatchError(swarmId, issues)
  return rewards
}
