import { BaseError } from '../errors/BaseError.ts'
import type { Hex } from '../types/Hex.ts'
import type { OnChainTermsIssue } from './onChainTermsIssues.ts'

/** The swarm on chain under this id was created with other terms, or by another proposer, than its manifest names:
 * it is not the manifest's swarm, and nobody should sign receipts for it, fund it or claim from it. */
export class OnChainTermsMismatchError extends BaseError {
  override name = 'OnChainTermsMismatchError' as const
  constructor(
    readonly swarmId: Hex,
    readonly issues: readonly OnChainTermsIssue[],
  ) {
    super(`On-chain terms differ from the manifest: ${issues.map((issue) => issue.term).join(', ')}.`, {
      metaMessages: issues.map((issue) => `- ${issue.term}: manifest ${issue.manifest}, on chain ${issue.onChain}`),
    })
  }
}
