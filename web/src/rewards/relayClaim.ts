import type { Address, Hex } from 'viem'
import { type SignedReceipt, encodeReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { ClaimRefusedError } from './ClaimRefusedError.ts'

/**
 * Asks the validator to send the claim (validator/createValidatorServer.ts); it pays the gas, the contributor the
 * tokens.
 */
export async function relayClaim(
  validatorUrl: string,
  signed: SignedReceipt,
): Promise<{ transaction: Hex; amount: bigint; contributor: Address }> {
  let response: Response
  try {
    response = await fetch(`${validatorUrl}/swarms/${signed.receipt.swarm}/relay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(encodeReceipt(signed)),
    })
  } catch (error) {
    throw new ClaimRefusedError(`The validator at ${validatorUrl} is unreachable, so it cannot send your claim.`, {
      cause: error,
    })
  }
  const body = (await response.json().catch(() => ({}))) as {
    message?: string
    transaction?: Hex
    amount?: string
    contributor?: Address
  }
  if (!response.ok || !body.transaction || body.amount === undefined || !body.contributor) {
    throw new ClaimRefusedError(body.message ?? `The validator refused to send the claim (${response.status}).`)
  }
  return { transaction: body.transaction, amount: BigInt(body.amount), contributor: body.contributor }
}
