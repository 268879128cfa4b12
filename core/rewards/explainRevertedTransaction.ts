import type { Client, Hex } from 'viem'
import { call, getTransaction, getTransactionReceipt } from 'viem/actions'
import { decodeRewardsError } from './decodeRewardsError.ts'
import type { RewardsRejectedError } from './RewardsRejectedError.ts'

export type ExplainRevertedTransactionParameters = { client: Client; hash: Hex }

/**
 * Why a mined rewards transaction reverted. A receipt only says `reverted`, so the transaction is re-run with
 * eth_call against the state at the end of its block, which carries that block's timestamp (deadline checks
 * repeat faithfully) and, since the transaction reverted, lacks only the effects of later transactions in the
 * same block. Returns undefined if it succeeded or now succeeds; rethrows failures that carry no rewards error
 * (out of gas, say).
 */
export async function explainRevertedTransaction({
  client,
  hash,
}: ExplainRevertedTransactionParameters): Promise<RewardsRejectedError | undefined> {
  const [transaction, receipt] = await Promise.all([
    getTransaction(client, { hash }),
    getTransactionReceipt(client, { hash }),
  ])
  if (receipt.status === 'success') return undefined
  try {
    await call(client, {
      account: transaction.from,
      to: transaction.to ?? undefined,
      data: transaction.input,
      value: transaction.value,
      gas: transaction.gas,
      blockNumber: receipt.blockNumber,
    })
  } catch (error) {
    const decoded = decodeRewardsError(error)
    if (decoded) return decoded
    throw error
  }
  return undefined
}
