import { type Hex, keccak256, stringToBytes } from 'viem'
import { canonicalJson, NonCanonicalValueError } from '../manifest/canonicalJson.ts'
import { recordIssue } from './recordIssue.ts'
import { type RecordSigner, recoverRecordSigner } from './recordSignature.ts'
import { authorOf, type MapName, type RecordMaps } from './records.ts'

// What a Y.Map value of the swarm doc is: a record sealed by its author.
//
//   { r: record, s: signature, w: swarm id }
//
//   digest    = keccak256(UTF-8(canonicalJson(["starling/record/1", swarm id, map, key, record])))
//   signature = EIP-191 signature of the 32 raw digest bytes by the key of authorOf[map](record)
//
// The digest binds the record to its swarm, map and key, so a signed record copied into another swarm's doc,
// another map or under another key no longer verifies. A typed-data (EIP-712) digest would not fit: records hold
// floats (loss, times), which Solidity types cannot express. Deletions cannot be signed (Yjs has no access
// control); readers cope (createSwarmState never lets the latest version go backwards).

export type Envelope<T = unknown> = { r: T; s: Hex; w: Hex }

const domain = 'starling/record/1'

export function recordDigest(swarmId: Hex, map: MapName, key: string, record: unknown): Hex {
  return keccak256(stringToBytes(canonicalJson([domain, swarmId, map, key, record])))
}

export function sealRecord<K extends MapName>(
  signer: RecordSigner,
  swarmId: Hex,
  map: K,
  key: string,
  record: RecordMaps[K],
): Envelope<RecordMaps[K]> {
  return { r: record, s: signer.sign(recordDigest(swarmId, map, key, record)), w: swarmId }
}

/**
 * The record in `value` if it is a well-formed record of `map` under `key`, of this swarm, signed by its author; else
 * why not.
 */
export function openRecord<K extends MapName>(
  swarmId: Hex,
  map: K,
  key: string,
  value: unknown,
): { record: RecordMaps[K] } | { issue: string } {
  if (
    typeof value !== 'object' ||
    value === null ||
    !('r' in value) ||
    !('s' in value) ||
    !('w' in value) ||
    typeof value.s !== 'string'
  )
    return { issue: 'not a signed record' }
  if (value.w !== swarmId) return { issue: 'another swarm' }
  const issue = recordIssue(map, key, value.r)
  if (issue) return { issue }
  const record = value.r as RecordMaps[K]
  let digest: Hex
  try {
    digest = recordDigest(swarmId, map, key, record)
  } catch (error) {
    // An extra field holding what JSON cannot round-trip (undefined, say) has no canonical form to sign.
    if (error instanceof NonCanonicalValueError) return { issue: 'not canonical' }
    throw error
  }
  const signer = recoverRecordSigner(digest, value.s as Hex)
  if (signer === undefined || signer !== (authorOf[map] as (r: RecordMaps[K]) => string)(record))
    return { issue: 'bad signature' }
  return { record }
}
