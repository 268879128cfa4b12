// Who may ban a peer from a swarm: the validators its manifest names, the same set and threshold the rewards
// contract checks receipts against. A swarm without rewards has no validators, so no one may ban in it.

import type { Manifest } from '../../manifest/Manifest.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type ValidatorSet = {
  /** Lowercase addresses, as peer ids and record authors are written. */
  members: readonly PeerId[]
  /** Distinct validators whose bans of one peer put it in force. */
  threshold: number
}

export const noValidators: ValidatorSet = { members: [], threshold: 1 }

export function validatorSetOf(manifest: Pick<Manifest, 'rewards'>): ValidatorSet {
  const { rewards } = manifest
  if (!rewards) return noValidators
  return { members: rewards.validators.map((a) => a.toLowerCase()), threshold: rewards.threshold }
}
