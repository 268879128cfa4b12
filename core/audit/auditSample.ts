// Which contributions validators audit (docs/architecture.md §8). A key's first `probationRounds` contributions are
// all audited: a new key earns only once they verified, so a key that lies from its first round never earns and
// fresh keys after a ban buy nothing. After that each contribution is audited with probability `auditRate`, drawn
// from the hash of the version the contribution went into: that hash is the sha256 of the state the round's
// aggregate produced, which nobody knows while computing (every member commits before it sees anyone's bytes), so a
// member cannot tell which of its contributions will be checked. Everyone computes the same draw: the member, to
// know it must reveal; every validator, to know what to check.
import { concat, hexToBigInt, keccak256, slice } from 'viem'
import type { VersionRecord } from '../swarm/records.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export type AuditRules = { auditRate: number; probationRounds: number }

/** Whether `peer`'s contribution to `version`, its `contributionIndex`-th (0 = its first), is audited. */
export function isAudited(
  version: Pick<VersionRecord, 'hash'>,
  peer: PeerId,
  contributionIndex: number,
  rules: AuditRules,
): boolean {
  if (contributionIndex < rules.probationRounds || rules.auditRate >= 1) return true
  if (rules.auditRate <= 0) return false
  // 48 bits of keccak256(hash ‖ peer): uniform in [0, 1) to 2⁻⁴⁸, exactly representable as a double.
  const draw = Number(hexToBigInt(slice(keccak256(concat([version.hash, peer as Hex])), 0, 6))) / 2 ** 48
  return draw < rules.auditRate
}

/**
 * The contributors of `version` whose contribution to it is audited, given every committed version (any order; only
 * those below `version` count towards a key's contributions, so the answer never changes as the swarm goes on).
 */
export function auditedContributors(
  versions: readonly Pick<VersionRecord, 'version' | 'contributors'>[],
  version: Pick<VersionRecord, 'version' | 'hash' | 'contributors'>,
  rules: AuditRules,
): PeerId[] {
  const before = new Map<PeerId, number>()
  const counted = new Set<number>()
  for (const v of versions) {
    if (v.version >= version.version || counted.has(v.version)) continue
    counted.add(v.version)
    for (const peer of new Set(v.contributors)) before.set(peer, (before.get(peer) ?? 0) + 1)
  }
  return [...new Set(version.contributors)].filter((peer) => isAudited(version, peer, before.get(peer) ?? 0, rules))
}
