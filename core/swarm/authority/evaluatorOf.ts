import type { VersionRecord } from '../records.ts'
import type { PeerId } from '../../types/PeerId.ts'
import { rankOrder } from './leaderRank.ts'

/**
 * The one contributor that publishes a version's held-out accuracy: the first of its contributors in the order its
 * own hash sets, so the duty rotates and no contributor picks it. Version 0 has no contributors and no evaluator.
 */
export function evaluatorOf(version: Pick<VersionRecord, 'hash' | 'contributors'>): PeerId | undefined {
  return rankOrder(version, version.contributors)[0]
}
