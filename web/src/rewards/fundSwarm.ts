// A proposer's launch on chain from the browser: create the swarm with the manifest's terms, then approve and deposit.
// The wallet must hold the tokens and the ether for three transactions. The id may already be on chain: created by
// this proposer with these terms (a launch whose deposit failed, retried), the launch goes on to the deposit; created
// by anyone else or with other terms (someone read the manifest in the registry and created its id first), it stops
// with SwarmIdTakenError before sending anything, since that swarm's escrow and terms are not the manifest's.
import { type Address, type Hex, type PublicClient, erc20Abi } from 'viem'
import { BaseError } from '../../../core/errors/BaseError.ts'
import type { RewardSpec } from '../../../core/manifest/Manifest.ts'
import { decodeRewardsError } from '../../../core/rewards/decodeRewardsError.ts'
import { explainRevertedTransaction } from '../../../core/rewards/explainRevertedTransaction.ts'
import { onChainTermsIssues } from '../../../core/rewards/onChainTermsIssues.ts'
import { RewardsRejectedError } from '../../../core/rewards/RewardsRejectedError.ts'
import { readOnChainSwarm } from '../../../chain/readOnChainSwarm.ts'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import type { Sender } from './claimRewards.ts'
import { SwarmIdTakenError } from './SwarmIdTakenError.ts'

export type FundSwarmParameters = {
  client: PublicClient
  sender: Sender
  contract: Address
  swarmId: Hex
  rewards: RewardSpec
  deposit: bigint
}
export type FundSwarmErrorType = SwarmIdTakenError | RewardsRejectedError | BaseError

export async function fundSwarm({
  client,
  sender,
  contract,
  swarmId,
  rewards,
  deposit,
}: FundSwarmParameters): Promise<{ transactions: Hex[] }> {
  const transactions: Hex[] = []
  const send = async (request: Parameters<Sender['writeContract']>[0]) => {
    const hash = await sender.writeContract(request).catch((error: unknown) => {
      throw decodeRewardsError(error) ?? error
    })
    const mined = await client.waitForTransactionReceipt({ hash })
    if (mined.status !== 'success')
      throw (await explainRevertedTransaction({ client, hash })) ?? new BaseError(`Transaction ${hash} reverted.`)
    transactions.push(hash)
  }
  /** Whether the id is on chain already, as the manifest's own swarm; SwarmIdTakenError if as anyone else's. */
  const alreadyOurs = async (cause?: unknown) => {
    const existing = await readOnChainSwarm({ client, contract, swarmId })
    if (!existing) return false
    const issues = onChainTermsIssues(rewards, existing)
    if (issues.length > 0) throw new SwarmIdTakenError(swarmId, issues, { cause })
    return true
  }
  const base = { account: sender.account, chain: client.chain }
  if (!(await alreadyOurs())) {
    await send({
      ...base,
      address: contract,
      abi: rewardsAbi,
      functionName: 'createSwarm',
      args: [
        swarmId,
        rewards.token,
        BigInt(rewards.rewardPerUnit),
        rewards.validators,
        BigInt(rewards.threshold),
        rewards.claimWindow,
      ],
    }).catch(async (error: unknown) => {
      // Someone created the id between the read above and this transaction.
      if (!(error instanceof RewardsRejectedError && error.revert.errorName === 'SwarmExists')) throw error
      if (!(await alreadyOurs(error))) throw error
    })
  }
  if (deposit > 0n) {
    await send({ ...base, address: rewards.token, abi: erc20Abi, functionName: 'approve', args: [contract, deposit] })
    await send({ ...base, address: contract, abi: rewardsAbi, functionName: 'deposit', args: [swarmId, deposit] })
  }
  return { transactions }
}
