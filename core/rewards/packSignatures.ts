import { type Hex, concat, size } from 'viem'
import { RewardsRejectedError } from './RewardsRejectedError.ts'
import type { ValidatorSignature } from './signReceipt.ts'

/**
 * The `signatures` argument of claim and claimBatch: compact signatures concatenated in ascending signer order,
 * which is how the contract proves the signers distinct without storage. Rejects a validator who signed twice
 * with the error the contract would raise.
 */
export function packSignatures(signatures: readonly ValidatorSignature[]): Hex {
  const sorted = [...signatures].sort((a, b) =>
    BigInt(a.signer) < BigInt(b.signer) ? -1 : BigInt(a.signer) > BigInt(b.signer) ? 1 : 0,
  )
  sorted.forEach(({ signer, signature }, index) => {
    if (size(signature) !== 64)
      throw new RewardsRejectedError({ errorName: 'MalformedSignatures', args: [BigInt(size(signature))] })
    const previous = sorted[index - 1]?.signer
    if (previous !== undefined && BigInt(previous) === BigInt(signer)) {
      throw new RewardsRejectedError({ errorName: 'SignersNotAscending', args: [BigInt(index), signer, previous] })
    }
  })
  return concat(sorted.map(({ signature }) => signature))
}
