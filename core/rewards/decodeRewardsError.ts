import { AbiErrorSignatureNotFoundError, type Hex, decodeErrorResult, isHex } from 'viem'
import { type RewardsRevert, RewardsRejectedError, rewardsErrorAbi } from './RewardsRejectedError.ts'

/**
 * Finds the revert data in `error` (revert data itself, or a viem error from simulateContract, estimateGas, call
 * or writeContract, at any depth of its cause chain) and decodes it into a RewardsRejectedError whose message is a
 * readable sentence. Returns undefined when there is no revert data or it is not one of the rewards contract's
 * errors. A mined transaction's receipt carries no revert data: see explainRevertedTransaction.
 */
export function decodeRewardsError(error: unknown): RewardsRejectedError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 16; depth++) {
    const data = revertData(current)
    if (data !== undefined) {
      const revert = decode(data)
      if (revert) return new RewardsRejectedError(revert, { cause: error === data ? undefined : error })
    }
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined
  }
  return undefined
}

/** viem puts revert data on ContractFunctionRevertedError.raw and RawContractError.data; injected wallets on `data`,
 * sometimes nested once more as `data.data`. */
function revertData(value: unknown): Hex | undefined {
  if (typeof value === 'string') return isHex(value) && value.length >= 10 ? value : undefined
  if (typeof value !== 'object' || value === null) return undefined
  for (const key of ['raw', 'data'] as const) {
    if (!(key in value)) continue
    const found = revertData((value as Record<string, unknown>)[key])
    if (found) return found
  }
  return undefined
}

function decode(data: Hex): RewardsRevert | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: rewardsErrorAbi, data })
    // viem leaves `args` undefined for an error without parameters.
    return { errorName, args: args ?? [] } as RewardsRevert
  } catch (error) {
    // Another contract's error (say, a token's own custom error) is not ours to describe.
    if (error instanceof AbiErrorSignatureNotFoundError) return undefined
    throw error
  }
}
