import { type Address, type Hex, size, slice } from 'viem'
import { recoverReceiptSigner } from './recoverReceiptSigner.ts'
import type { HashReceiptParameters } from './hashReceipt.ts'
import { RewardsRejectedError } from './RewardsRejectedError.ts'

export type VerifyReceiptParameters = HashReceiptParameters & {
  /** Packed as packSignatures returns them. */
  signatures: Hex
  validators: readonly Address[]
  threshold: number
  /** Unix seconds to check the deadline against; omit to skip that check. */
  now?: bigint
}

// secp256k1 order / 2: the contract (OpenZeppelin ECDSA) refuses larger s to rule out malleable twins.
const halfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n
const sMask = (1n << 255n) - 1n

/**
 * Runs the contract's receipt checks off chain, in the contract's order, and throws the RewardsRejectedError the
 * contract would revert with. Lets a validator or relayer refuse a bad receipt before paying gas for it.
 * Returns the signers in order.
 */
export async function verifyReceipt(parameters: VerifyReceiptParameters): Promise<Address[]> {
  const { signatures, validators, threshold, now, ...receiptParameters } = parameters
  const { deadline } = receiptParameters.receipt
  if (now !== undefined && now > deadline)
    throw new RewardsRejectedError({ errorName: 'ReceiptExpired', args: [deadline, now] })
  const length = size(signatures)
  if (length % 64 !== 0) throw new RewardsRejectedError({ errorName: 'MalformedSignatures', args: [BigInt(length)] })
  const count = length / 64
  if (count < threshold)
    throw new RewardsRejectedError({ errorName: 'NotEnoughSignatures', args: [BigInt(count), BigInt(threshold)] })
  const allowed = new Set(validators.map((validator) => BigInt(validator)))
  const signers: Address[] = []
  for (let index = 0; index < count; index++) {
    const signature = slice(signatures, index * 64, index * 64 + 64)
    const signer = await recoverOrReject(receiptParameters, signature, index)
    const previous = signers[index - 1] ?? '0x0000000000000000000000000000000000000000'
    if (BigInt(signer) <= BigInt(previous))
      throw new RewardsRejectedError({ errorName: 'SignersNotAscending', args: [BigInt(index), signer, previous] })
    if (!allowed.has(BigInt(signer)))
      throw new RewardsRejectedError({ errorName: 'SignerNotValidator', args: [BigInt(index), signer] })
    signers.push(signer)
  }
  return signers
}

async function recoverOrReject(parameters: HashReceiptParameters, signature: Hex, index: number): Promise<Address> {
  const invalid = (cause?: unknown) =>
    new RewardsRejectedError({ errorName: 'InvalidSignature', args: [BigInt(index)] }, { cause })
  if ((BigInt(slice(signature, 32)) & sMask) > halfOrder) throw invalid()
  try {
    return await recoverReceiptSigner({ ...parameters, signature })
  } catch (error) {
    throw invalid(error)
  }
}
