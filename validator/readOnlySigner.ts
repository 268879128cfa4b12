import type { Address } from 'viem'
import { BaseError } from '../core/errors/BaseError.ts'
import type { RecordSigner } from '../core/swarm/recordSignature.ts'

/**
 * The validator reads the swarm's records through createSwarmState and writes none of them there (no presence:
 * leaders never pick it); its bans are signed with its account (createBanWriter.ts).
 */
export function readOnlySigner(address: Address): RecordSigner {
  return {
    address: address.toLowerCase(),
    sign: () => {
      throw new BaseError('The validator never writes swarm records through its replica.')
    },
  }
}
