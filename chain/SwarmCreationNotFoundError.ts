import { BaseError } from '../core/errors/BaseError.ts'
import type { Hex } from '../core/types/Hex.ts'

/** The contract holds the swarm but the RPC returned no `SwarmCreated` event for it (a node that prunes old logs),
 * so its validator set, which only that event lists, cannot be known. */
export class SwarmCreationNotFoundError extends BaseError {
  override name = 'SwarmCreationNotFoundError' as const
  constructor(
    readonly swarmId: Hex,
    readonly contract: string,
  ) {
    super(`Swarm ${swarmId} exists on ${contract}, but the RPC returned no SwarmCreated event for it.`)
  }
}
