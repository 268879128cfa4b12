// Sends one setup transaction and waits for it to be mined successfully, explaining any failure in the rewards
// contract's own words.
import type { Hash, TransactionReceipt } from 'viem'
import { BaseError } from '../core/errors/BaseError.ts'
import { decodeRewardsError } from '../core/rewards/decodeRewardsError.ts'
import { explainRevertedTransaction } from '../core/rewards/explainRevertedTransaction.ts'
import type { RpcClient } from '../chain/rpcClient.ts'

/** `cause` is a RewardsRejectedError (the contract's reason, in words) whenever the revert can be decoded. */
export class SetupTransactionError extends BaseError {
  override name = 'SetupTransactionError' as const
  constructor(
    readonly step: string,
    options: { hash?: Hash; cause?: unknown },
  ) {
    super(`Setup step "${step}" failed${options.hash ? ` (transaction ${options.hash} reverted)` : ''}.`, {
      cause: options.cause,
    })
  }
}

/**
 * A transaction can fail before it is mined (gas estimation runs it) or be mined reverted (a node's unlocked
 * account sends it without estimating): either way the reason is decoded, re-running a mined one to get it.
 */
export async function waitForSuccess(
  client: RpcClient,
  step: string,
  send: Promise<Hash>,
): Promise<TransactionReceipt> {
  const hash = await send.catch((error: unknown) => {
    throw new SetupTransactionError(step, { cause: decodeRewardsError(error) ?? error })
  })
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') {
    // Without a rewards error to name (out of gas, say), the re-run's own failure is the best explanation.
    const cause = await explainRevertedTransaction({ client, hash }).catch((error: unknown) => error)
    throw new SetupTransactionError(step, { hash, cause })
  }
  return receipt
}
