import type { Address, Hex } from 'viem'
import { type SignedReceipt, decodeReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { ClaimRefusedError } from './ClaimRefusedError.ts'

/** The validator's newest receipt for `contributor`, or undefined before its first committed round. */
export async function fetchReceipt(
  validatorUrl: string,
  swarmId: Hex,
  contributor: Address,
): Promise<SignedReceipt | undefined> {
  let response: Response
  try {
    response = await fetch(`${validatorUrl}/swarms/${swarmId}/receipts/${contributor}`, { cache: 'no-store' })
  } catch (error) {
    throw new ClaimRefusedError(`The validator at ${validatorUrl} is unreachable.`, { cause: error })
  }
  if (response.status === 404) return undefined
  if (!response.ok)
    throw new ClaimRefusedError(`The validator answered ${response.status} when asked for your receipt.`)
  return decodeReceipt(await response.json())
}
