import type { VersionRecord } from '../swarm/records.ts'
import type { PeerId } from '../types/PeerId.ts'

export type UnitsByPeerParameters = {
  /** The swarm's committed versions (createSwarmState's validated `versions`), in any order. */
  versions: readonly VersionRecord[]
  /** The manifest's samples per member per round: a leader's record cannot claim more. */
  batchSize: number
  /** The manifest's last version: versions past it are not paid. */
  lastVersion: number
}

/**
 * Units of work per peer: one unit is one sample processed in a completed round, so each contributor of a
 * committed version earns that version's batch size. Rounds that were retried or abandoned never became a
 * version and pay nothing; the initial version (round -1) has no contributors.
 */
export function unitsByPeer({ versions, batchSize, lastVersion }: UnitsByPeerParameters): Map<PeerId, bigint> {
  const units = new Map<PeerId, bigint>()
  const seen = new Set<number>()
  for (const version of versions) {
    if (version.round < 0 || version.version > lastVersion || seen.has(version.version)) continue
    seen.add(version.version)
    const each = BigInt(Math.max(0, Math.min(version.batchSize, batchSize)))
    for (const peer of new Set(version.contributors)) units.set(peer, (units.get(peer) ?? 0n) + each)
  }
  return units
}
