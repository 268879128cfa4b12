// Whether the swarm on chain under a manifest's id is that manifest's swarm (docs/architecture.md §7): anyone may
// create an id first with terms of their own, and the pages must not offer claims from, or show as this swarm's, an
// escrow that someone else controls at a rate they chose.
import type { RewardSpec } from '../../../core/manifest/Manifest.ts'
import { type OnChainTermsIssue, onChainTermsIssues } from '../../../core/rewards/onChainTermsIssues.ts'
import type { Hex } from '../../../core/types/Hex.ts'
import type { OnChain } from './OnChain.ts'

export type TermsStatus =
  | { kind: 'matching' }
  /** Not created yet: the proposer may still create it, so read again later. */
  | { kind: 'absent' }
  | { kind: 'differing'; issues: OnChainTermsIssue[] }

/** Once a swarm exists its terms never change, so a `matching` or `differing` answer is final. */
export async function readTermsStatus(onChain: OnChain, swarmId: Hex, rewards: RewardSpec): Promise<TermsStatus> {
  const swarm = await onChain.swarmTerms(swarmId)
  if (!swarm) return { kind: 'absent' }
  const issues = onChainTermsIssues(rewards, swarm)
  return issues.length === 0 ? { kind: 'matching' } : { kind: 'differing', issues }
}
