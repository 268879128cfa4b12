// A proposer's launch on chain from the browser: approve the deposit, create the swarm with the manifest's terms,
// deposit. The wallet must hold the tokens and the ether for three transactions.
import { type Address, type Hex, type PublicClient, erc20Abi } from 'viem'
import { BaseError } from '../../../core/errors/BaseError.ts'
import type { RewardSpec } from '../../../core/manifest/Manifest.ts'
import { decodeRewardsError } from '../../../core/rewards/decodeRewardsError.ts'
import { explainRevertedTransaction } from '../../../core/rewards/explainRevertedTransaction.ts'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import type { Sender } from './claimRewards.ts'

export type FundSwarmParameters = {
  client: PublicClient
  sender: Sender
  contract: Address
  swarmId: Hex
  rewards: RewardSpec
  deposit: bigint
}

/** Seconds between ending a swarm and the proposer's withdrawal: volunteers' last chance to claim. */
const claimWindow = 86_400

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
  const base = { account: sender.account, chain: client.chain }
  if (deposit > 0n)
    await send({ ...base, address: rewards.token, abi: erc20Abi, functionName: 'approve', args: [contract, deposit] })
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
      claimWindow,
    ],
  })
  if (deposit > 0n)
    await send({ ...base, address: contract, abi: rewardsAbi, functionName: 'deposit', args: [swarmId, deposit] })
  return { transactions }
}
