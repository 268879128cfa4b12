import { BaseError } from '../errors/BaseError.ts'
import type { SwarmState } from './createSwarmState.ts'
import type { Trainer, TrainingState } from './VolunteerPorts.ts'
import type { Hex } from '../types/Hex.ts'

export class StaleResumeError extends BaseError {
  override name = 'StaleResumeError' as const
  constructor(
    readonly version: number,
    reason: string,
  ) {
    super(`The training state kept for version ${version} was not used: ${reason}. Starting from the swarm instead.`)
  }
}

export type KeptState = { version: number; hash: Hex; state: TrainingState }

/**
 * A state kept from an earlier session is used only if the doc publishes its hash for its version and the
 * state really hashes to it: local storage is not trusted more than a peer would be.
 */
export async function verifyResume(
  kept: KeptState,
  state: SwarmState,
  trainer: Trainer,
): Promise<KeptState | StaleResumeError | undefined> {
  if (kept.version === 0) return undefined
  if (state.get('versions', String(kept.version))?.hash !== kept.hash)
    return new StaleResumeError(kept.version, 'the swarm publishes another hash for it, or none')
  if ((await trainer.hash(kept.state)) !== kept.hash)
    return new StaleResumeError(kept.version, 'the kept state does not hash to it')
  return kept
}
