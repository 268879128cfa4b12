import type { Address, Hex, PublicClient } from 'viem'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import type { Earnings } from './OnChain.ts'

export type ReadEarningsParameters = {
  client: PublicClient
  contract: Address
  swarmId: Hex
  contributor: Address
  receipt: SignedReceipt | undefined
}

/** What `contributor` has earned in a swarm: the receipt a claim would send against what the contract has paid. */
export async function readEarnings({
  client,
  contract,
  swarmId,
  contributor,
  receipt,
}: ReadEarningsParameters): Promise<Earnings> {
  const [swarm, paidUnits] = await Promise.all([
    client.readContract({ address: contract, abi: rewardsAbi, functionName: 'getSwarm', args: [swarmId] }),
    client.readContract({
      address: contract,
      abi: rewardsAbi,
      functionName: 'paidUnits',
      args: [swarmId, contributor],
    }),
  ])
  const receiptedUnits = receipt?.receipt.totalUnits ?? 0n
  const rate = swarm.rewardPerUnit
  return {
    receiptedUnits,
    paidUnits,
    claimable: receiptedUnits > paidUnits ? (receiptedUnits - paidUnits) * rate : 0n,
    paid: paidUnits * rate,
    rewardPerUnit: rate,
    receipt,
  }
}
