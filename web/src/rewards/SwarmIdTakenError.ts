import { BaseError } from '../../../core/errors/BaseError.ts'
import type { OnChainTermsIssue } from '../../../core/rewards/onChainTermsIssues.ts'
import type { Hex } from '../../../core/types/Hex.ts'

/** The launch found the manifest's swarm id already created on chain, by someone else or with other terms: that
 * swarm can never be this manifest's (validators refuse it), so nothing is sent; a fresh nonce gives a new id. */
export class SwarmIdTakenError extends BaseError {
  override name = 'SwarmIdTakenError' as const
  constructor(
    readonly swarmId: Hex,
    readonly issues: readonly OnChainTermsIssue[],
    options: { cause?: unknown } = {},
  ) {
    super(
      `Swarm id ${swarmId} is already taken on chain: someone created it first, and its on-chain terms differ ` +
        `from the manifest: ${issues.map((issue) => issue.term).join(', ')}. Nothing was sent from your wallet. ` +
        'Launch with a fresh nonce to get a new swarm id.',
      { cause: options.cause },
    )
  }
}
