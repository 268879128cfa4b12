import type { VersionRecord } from '../swarm/records.ts'
import type { PeerId } from '../types/PeerId.ts'
import { paidThroughWhenBanned } from './forfeiture.ts'
import { receiptHorizon } from './receiptHorizon.ts'
import type { RewardRules } from './rewardRules.ts'

export type UnitsByPeerParameters = Omit<RewardRules, 'auditRate' | 'maxUnaudited'> & {
  /** The swarm's committed versions (createSwarmState's validated `versions`), in any order. */
  versions: readonly VersionRecord[]
  /** The manifest's samples per member per round: a leader's record cannot claim more. */
  batchSize: number
  /** The manifest's last version: versions past it are not paid. */
  lastVersion: number
  /** Peers whose ban is in force, with the first round they may not take part in (SwarmState.bans()). */
  bans: ReadonlyMap<PeerId, number>
  /** Peers that forfeit every version from this one on, whatever their ban's version (SwarmState.forfeitures()). */
  forfeitsFrom?: ReadonlyMap<PeerId, number>
  /**
   * The highest version this validator's audits have settled: versions above it wait, whatever the audit window
   * says, so a lie an audit is still checking is never paid (core/audit/createAuditor.ts). Absent: no audits.
   */
  auditedThrough?: number
  /**
   * Each peer's latest version an audit verified (audits with a non-zero rate): a peer's versions above it wait
   * for its next verified audit. A contribution that no audit drew is paid only once a later one of the same peer
   * verified, so a member that turns hostile between two audits is never paid for the rounds in between, however
   * long the draw takes to reach it. Absent: no audits, or probation audits only.
   */
  verifiedThrough?: ReadonlyMap<PeerId, number>
}

/**
 * Units of work per peer that validators may receipt now: one unit is one sample processed in a completed round,
 * so each contributor of a committed version earns that version's batch size, except
 * - versions inside the audit window (receiptHorizon.ts), which are not paid yet;
 * - a key's first `probationRounds` contributions, which are never paid: a fresh key earns only once it has a
 *   record, so keys made by the thousand, each contributing fewer, earn nothing;
 * - versions above `auditedThrough`, whose audits are still open, and a peer's versions above its latest verified
 *   audit (`verifiedThrough`);
 * - everything of a banned peer after what could have been receipted when its ban was written (forfeiture.ts), and
 *   from the version its ban says an audit refuted.
 * Rounds that were retried or abandoned never became a version and pay nothing; the initial version (round -1) has
 * no contributors. Units only grow as versions are committed, unless a ban forfeits them.
 */
export function unitsByPeer(parameters: UnitsByPeerParameters): Map<PeerId, bigint> {
  const { versions, batchSize, lastVersion, auditWindow, probationRounds, bans } = parameters
  const forfeitsFrom = parameters.forfeitsFrom ?? new Map<PeerId, number>()
  const { verifiedThrough } = parameters
  const byNumber = new Map<number, VersionRecord>()
  for (const version of versions)
    if (version.round >= 0 && version.version <= lastVersion && !byNumber.has(version.version))
      byNumber.set(version.version, version)
  const latest = versions.reduce((max, v) => Math.max(max, v.version), -1)
  const horizon = Math.min(receiptHorizon(latest, auditWindow, lastVersion), parameters.auditedThrough ?? Infinity)
  const units = new Map<PeerId, bigint>()
  const contributions = new Map<PeerId, number>()
  // Probation counts contributions in version order, so the order the versions arrive in changes nothing.
  for (const version of [...byNumber.values()].sort((a, b) => a.version - b.version)) {
    if (version.version > horizon) break
    const each = BigInt(Math.max(0, Math.min(version.batchSize, batchSize)))
    for (const peer of new Set(version.contributors)) {
      const count = (contributions.get(peer) ?? 0) + 1
      contributions.set(peer, count)
      if (count <= probationRounds) continue
      const bannedFrom = bans.get(peer)
      if (bannedFrom !== undefined && version.version > paidThroughWhenBanned(bannedFrom, auditWindow)) continue
      if (version.version >= (forfeitsFrom.get(peer) ?? Infinity)) continue
      if (verifiedThrough && version.version > (verifiedThrough.get(peer) ?? -1)) continue
      units.set(peer, (units.get(peer) ?? 0n) + each)
    }
  }
  return units
}
