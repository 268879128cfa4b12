// Sends a volunteer's claim: from their own wallet when it holds the ether the transaction costs, otherwise
// through the validator's relay. Either way the contract pays the receipt's contributor.
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { decodeRewardsError } from '../../../core/rewards/decodeRewardsError.ts'
import { explainRevertedTransaction } from '../../../core/rewards/explainRevertedTransaction.ts'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { ClaimRefusedError } from './ClaimRefusedError.ts'
import type { ClaimResult } from './OnChain.ts'
import { relayClaim } from './relayClaim.ts'

export type Sender = WalletClient<Transport, Chain | undefined, Account>

export type ClaimRewardsParameters = {
  /** Reads and simulates. */
  client: PublicClient
  /** Signs and pays when it can afford to: the generated wallet's local account, or an injected wallet's. */
  sender: Sender
  contract: Address
  signed: SignedReceipt
  validatorUrl: string | undefined
}

/** Where a claim goes and how it is read, whoever signs it. */
export type ClaimDeployment = Omit<ClaimRewardsParameters, 'sender' | 'signed'> & { chain: Chain }

export async function claimRewards({
  client,
  sender,
  contract,
  signed,
  validatorUrl,
}: ClaimRewardsParameters): Promise<ClaimResult> {
  const { swarm, contributor, totalUnits, deadline } = signed.receipt
  const from: Address = sender.account.address
  const call = {
    address: contract,
    abi: rewardsAbi,
    functionName: 'claim',
    args: [swarm, contributor, totalUnits, deadline, signed.signatures],
  } as const
  // Simulated first, whoever will send it: the contract's refusal (nothing left, expired…) is shown in words and
  // nothing is spent or relayed.
  const amount = await client.simulateContract({ ...call, account: from }).then(
    ({ result }) => result,
    (error: unknown) => {
      throw decodeRewardsError(error) ?? error
    },
  )
  const [balance, gas, fees] = await Promise.all([
    client.getBalance({ address: from }),
    client.estimateContractGas({ ...call, account: from }),
    client.estimateFeesPerGas(),
  ])
  if (balance < gas * fees.maxFeePerGas) {
    if (!validatorUrl)
      throw new ClaimRefusedError(
        'Your wallet holds no ether for gas, and this deployment has no validator to send the claim for you.',
      )
    const relayed = await relayClaim(validatorUrl, signed)
    return { transaction: relayed.transaction, amount: relayed.amount, relayed: true }
  }
  const hash: Hex = await sender
    .writeContract({ ...call, account: sender.account, chain: client.chain, gas })
    .catch((error: unknown) => {
      throw decodeRewardsError(error) ?? error
    })
  const mined = await client.waitForTransactionReceipt({ hash })
  if (mined.status !== 'success')
    throw (await explainRevertedTransaction({ client, hash })) ?? new ClaimRefusedError(`The claim ${hash} reverted.`)
  return { transaction: hash, amount, relayed: false }
}
