import type { ReportRecord, VersionRecord } from '../swarm/records.ts'
import type { SimulatedPeer } from './createSimulatedPeer.ts'
import type { PeerId } from '../types/PeerId.ts'

export type SwarmSnapshot = {
  live: ReadonlyMap<PeerId, SimulatedPeer>
  /** Every report written so far, in order. */
  reports: readonly ReportRecord[]
  minLive: number
}

/** The newest version any live peer has seen committed. */
export function newestVersion(live: ReadonlyMap<PeerId, SimulatedPeer>): VersionRecord | undefined {
  let newest: VersionRecord | undefined
  for (const peer of live.values()) {
    const version = peer.state.latestVersion()
    if (version && (!newest || version.version > newest.version)) newest = version
  }
  return newest
}

/**
 * Whether churn may take `peer` away: it keeps `minLive` peers, and never removes the last live peer holding the
 * newest committed version, the last one holding a reported result not yet committed, or the last live
 * contributor of the newest version. With no holder left nobody can serve that state, and with no contributor
 * left nobody may lead (authority/recordAuthority.ts): either way the swarm cannot go on, a limit of the protocol
 * (docs/architecture.md §4) until a checkpoint keeper holds the state, not a case to test.
 */
export function mayRemovePeer(peer: PeerId, { live, reports, minLive }: SwarmSnapshot): boolean {
  if (live.size - 1 < minLive) return false
  const held = (p: PeerId) => live.get(p)?.volunteer.held
  const pending = (p: PeerId) => {
    const last = reports.filter((r) => r.peer === p).at(-1)
    return last && last.version > (held(p)?.version ?? -1) ? last : undefined
  }
  const others = [...live.keys()].filter((p) => p !== peer)
  const newest = newestVersion(live)
  if (newest && !others.some((p) => held(p)?.version === newest.version && held(p)?.hash === newest.hash)) return false
  if (newest && newest.version > 0 && !newest.contributors.some((p) => p !== peer && live.has(p))) return false
  const mine = pending(peer)
  if (!mine) return true
  return others.some((p) => {
    const theirs = pending(p)
    return (
      theirs !== undefined &&
      theirs.version === mine.version &&
      theirs.attempt === mine.attempt &&
      theirs.hash === mine.hash
    )
  })
}
