// Writes a record a validator authors (bans, endpoints) into the swarm doc: signed with its account, which signs
// asynchronously, unlike the replica's synchronous session-key signer (readOnlySigner.ts).
import type { Hex, LocalAccount } from 'viem'
import { BaseError } from '../core/errors/BaseError.ts'
import type { SwarmState } from '../core/swarm/createSwarmState.ts'
import { type Envelope, recordDigest } from '../core/swarm/recordEnvelope.ts'
import { recordIssue } from '../core/swarm/recordIssue.ts'
import { type RecordMaps, recordKey } from '../core/swarm/records.ts'

type ValidatorMap = 'bans' | 'endpoints'

/** Rejects with a BaseError naming the field when the record would be malformed (recordIssue.ts). */
export async function writeValidatorRecord<K extends ValidatorMap>(
  state: SwarmState,
  swarmId: Hex,
  account: Pick<LocalAccount, 'signMessage'>,
  map: K,
  record: RecordMaps[K],
): Promise<void> {
  const key = (recordKey[map] as (r: RecordMaps[K]) => string)(record)
  const issue = recordIssue(map, key, record)
  if (issue) throw new BaseError(`A ${map} record cannot be written: ${issue}.`)
  // The same EIP-191 signature of the raw digest a RecordSigner makes.
  const signature = await account.signMessage({ message: { raw: recordDigest(swarmId, map, key, record) } })
  const envelope: Envelope<RecordMaps[K]> = { r: record, s: signature, w: swarmId }
  state.doc.getMap<unknown>(map).set(key, envelope)
}
