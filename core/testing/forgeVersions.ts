// What a hostile volunteer with many self-made keys writes to take over a swarm's history (issue 15's
// reproduction): presence for every key, then rounds, reports and versions of its own keys only, each signed by
// the key that ranks first among them and backed by all of their reports. Every record is well-formed and signed
// by its author; only the authority rules (core/swarm/authority/recordAuthority.ts) can refuse them.

import { keccak256, stringToHex } from 'viem'
import type * as Y from 'yjs'
import { rankOrder } from '../swarm/authority/leaderRank.ts'
import { type Envelope, sealRecord } from '../swarm/recordEnvelope.ts'
import type { RecordSigner } from '../swarm/recordSignature.ts'
import { type MapName, type RecordMaps, recordKey, type ReportRecord, type VersionRecord } from '../swarm/records.ts'
import type { Hex } from '../types/Hex.ts'

export type ForgeParameters = {
  doc: Y.Doc
  swarmId: Hex
  keys: readonly RecordSigner[]
  /** The version the forged chain builds on (as stored in the doc). */
  base: VersionRecord
  /** How many versions to forge on top of it. */
  count: number
  /** Keys named as contributors of each forged version (default: every key). */
  contributorsPerVersion?: number
}

/** Writes `count` forged versions after `base`; returns them. */
export function forgeVersions({ doc, swarmId, keys, base, count, contributorsPerVersion }: ForgeParameters) {
  // Sealed and set directly: a SwarmState per key would observe the doc a thousand times over.
  const as = (key: RecordSigner) => ({
    put<K extends MapName>(map: K, record: RecordMaps[K]) {
      const at = (recordKey[map] as (r: RecordMaps[K]) => string)(record)
      doc.getMap(map).set(at, sealRecord(key, swarmId, map, at, record))
    },
  })
  const byAddress = new Map(keys.map((key) => [key.address, key]))
  doc.transact(() => {
    for (const key of keys)
      as(key).put('presence', {
        peer: key.address,
        version: base.version,
        hash: base.hash,
        active: true,
        backend: 'cpu',
        at: 1,
      })
  })
  const forged: VersionRecord[] = []
  let previous = base
  for (let n = 0; n < count; n++) {
    const round = previous.version
    const members = rankOrder(previous, [...byAddress.keys()]).slice(0, contributorsPerVersion ?? keys.length)
    const leader = byAddress.get(members[0]!)!
    const hash = keccak256(stringToHex(`forged ${round + 1}`))
    const evidence: Envelope<ReportRecord>[] = []
    doc.transact(() => {
      as(leader).put('rounds', {
        round,
        attempt: 9,
        members,
        offset: previous.nextOffset,
        leader: leader.address,
        at: 1,
      })
      for (const member of members) {
        const report = {
          version: round + 1,
          attempt: 9,
          peer: member,
          hash,
          loss: 0,
          samples: previous.batchSize,
          timings: { compute: 0, allreduce: 0, optimizer: 0 },
          at: 1,
        }
        as(byAddress.get(member)!).put('reports', report)
        evidence.push(doc.getMap('reports').get(recordKey.reports(report)) as Envelope<ReportRecord>)
      }
    })
    const version: VersionRecord = {
      version: round + 1,
      hash,
      round,
      attempt: 9,
      contributors: members,
      batchSize: previous.batchSize,
      nextOffset: previous.nextOffset + members.length * previous.batchSize,
      evidence,
      loss: 0,
      signer: leader.address,
      at: 1,
    }
    as(leader).put('versions', version)
    forged.push(version)
    previous = version
  }
  return forged
}
