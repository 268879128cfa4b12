import { type Address, type Hex, compactSignatureToSignature, parseCompactSignature, recoverAddress, size } from 'viem'
import { type HashReceiptParameters, hashReceipt } from './hashReceipt.ts'
import { RewardsRejectedError } from './RewardsRejectedError.ts'

export type RecoverReceiptSignerParameters = HashReceiptParameters & {
  /** A 64-byte EIP-2098 compact signature, as signReceipt returns it. */
  signature: Hex
}

/** The address whose key made `signature` over this receipt (any address, validator or not). */
export async function recoverReceiptSigner({ signature, ...rest }: RecoverReceiptSignerParameters): Promise<Address> {
  if (size(signature) !== 64)
    throw new RewardsRejectedError({ errorName: 'MalformedSignatures', args: [BigInt(size(signature))] })
  return recoverAddress({
    hash: hashReceipt(rest),
    signature: compactSignatureToSignature(parseCompactSignature(signature)),
  })
}
