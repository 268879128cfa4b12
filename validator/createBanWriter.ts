// The validator's one way to ban a peer (docs/architecture.md §8): given a reason and the evidence an audit found, it
// signs a ban record with its account and writes it into the swarm doc, where every replica honours it once the
// manifest's threshold of validators agree (core/swarm/authority/bansInForce.ts). Judging the evidence is the
// audits' job (createSwarmAuditor.ts): what reaches here is already a verdict.
import type { Hex, LocalAccount } from 'viem'
import { banVersionFor } from '../core/swarm/authority/banVersion.ts'
import type { SwarmState } from '../core/swarm/createSwarmState.ts'
import type { BanRecord } from '../core/swarm/records.ts'
import type { PeerId } from '../core/types/PeerId.ts'
import type { ValidatorSet } from '../core/swarm/authority/ValidatorSet.ts'
import { NotAValidatorError } from './NotAValidatorError.ts'
import { writeValidatorRecord } from './writeValidatorRecord.ts'

export type CreateBanWriterParameters = {
  /** The validator's replica of the swarm, with the manifest's validator set. */
  state: SwarmState
  swarmId: Hex
  account: Pick<LocalAccount, 'address' | 'signMessage'>
  /** Wall-clock milliseconds. */
  now: () => number
  /** The manifest's validators (validatorSetOf): `account` must be one. */
  validators: ValidatorSet
}
export type BanWriter = {
  /**
   * Signs and writes this validator's ban of `peer`; resolves to the record written. `forfeitsFrom`: the version an
   * audit refuted, from which the peer's units are forfeited even if the ban comes later than the audit window.
   */
  banFor(peer: PeerId, reason: string, evidence?: string, forfeitsFrom?: number): Promise<BanRecord>
}

/**
 * Throws NotAValidatorError when `account` is not a validator of the swarm; `banFor` rejects with a BaseError when
 * the record would be malformed (a reason over 500 characters, evidence over 16 KiB: recordIssue.ts).
 */
export function createBanWriter({ state, swarmId, account, now, validators }: CreateBanWriterParameters): BanWriter {
  if (!validators.members.includes(account.address.toLowerCase())) throw new NotAValidatorError(account.address)
  return {
    async banFor(peer, reason, evidence, forfeitsFrom) {
      const record: BanRecord = {
        peer: peer.toLowerCase(),
        version: banVersionFor(state.latestVersion()?.version ?? 0),
        reason,
        ...(evidence === undefined ? {} : { evidence }),
        ...(forfeitsFrom === undefined ? {} : { forfeitsFrom }),
        validator: account.address.toLowerCase(),
        at: now(),
      }
      await writeValidatorRecord(state, swarmId, account, 'bans', record)
      return record
    },
  }
}
