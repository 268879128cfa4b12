// The validator's one way to ban a peer (docs/architecture.md §8): given a reason and the evidence an audit found, it
// signs a ban record with its account and writes it into the swarm doc, where every replica honours it once the
// manifest's threshold of validators agree (core/swarm/authority/bansInForce.ts). Judging the evidence is the
// audits' job (not built yet): what reaches here is already a verdict.
import type { Hex, LocalAccount } from 'viem'
import { banVersionFor } from '../core/swarm/authority/banVersion.ts'
import type { SwarmState } from '../core/swarm/createSwarmState.ts'
import { type Envelope, recordDigest } from '../core/swarm/recordEnvelope.ts'
import { type BanRecord, recordKey } from '../core/swarm/records.ts'
import type { PeerId } from '../core/types/PeerId.ts'
import { BaseError } from '../core/errors/BaseError.ts'
import type { ValidatorSet } from '../core/swarm/authority/ValidatorSet.ts'
import { recordIssue } from '../core/swarm/recordIssue.ts'
import { NotAValidatorError } from './NotAValidatorError.ts'

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
  /** Signs and writes this validator's ban of `peer`; resolves to the record written. */
  banFor(peer: PeerId, reason: string, evidence?: string): Promise<BanRecord>
}

/**
 * Throws NotAValidatorError when `account` is not a validator of the swarm; `banFor` rejects with a BaseError when
 * the record would be malformed (a reason over 500 characters, evidence over 16 KiB: recordIssue.ts).
 */
export function createBanWriter({ state, swarmId, account, now, validators }: CreateBanWriterParameters): BanWriter {
  if (!validators.members.includes(account.address.toLowerCase())) throw new NotAValidatorError(account.address)
  const bans = state.doc.getMap<unknown>('bans')
  return {
    async banFor(peer, reason, evidence) {
      const record: BanRecord = {
        peer: peer.toLowerCase(),
        version: banVersionFor(state.latestVersion()?.version ?? 0),
        reason,
        ...(evidence === undefined ? {} : { evidence }),
        validator: account.address.toLowerCase(),
        at: now(),
      }
      const key = recordKey.bans(record)
      const issue = recordIssue('bans', key, record)
      if (issue) throw new BaseError(`A ban of ${peer} cannot be written: ${issue}.`)
      // The same EIP-191 signature of the raw digest a RecordSigner makes, from an account that signs asynchronously.
      const signature = await account.signMessage({ message: { raw: recordDigest(swarmId, 'bans', key, record) } })
      const envelope: Envelope<BanRecord> = { r: record, s: signature, w: swarmId }
      bans.set(key, envelope)
      return record
    },
  }
}
