// Which contributions validators audit (docs/architecture.md §8). A key's first `probationRounds` contributions are
// all audited: a new key earns only once they verified, so a key that lies from its first round never earns and
// fresh keys after a ban buy nothing. After that each contribution is audited with probability `auditRate`, drawn
// from the hash of the version the contribution went into: that hash is the sha256 of the state the round's
// aggregate produced, which nobody knows while computing (every member commits before it sees anyone's bytes), so a
// member cannot tell which of its contributions will be checked. Everyone computes the same draw: the member, to
// know it must reveal; every validator, to know what to check.
//
// A draw alone lets a member that lies in every round go unchecked for a while (at rate ½, one in eight such members
// survives three rounds). So no member goes more than `maxUnaudited` contributions in a row unaudited: the one after
// such a run is audited whatever its draw. That audit is predictable, so a liar can stay honest in it; but it
// cannot lie in every round and survive past the run, and every contribution it lies in is drawn at `auditRate`.
import { concat, hexToBigInt, keccak256, slice } from 'viem'
import type { VersionRecord } from '../swarm/records.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export type AuditRules = {
  auditRate: number
  probationRounds: number
  /** Contributions in a row a member may go unaudited after its probation (absent: no limit; rate 0: none). */
  maxUnaudited?: number
}

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
  versions: readonly Pick<VersionRecord, 'version' | 'hash' | 'contributors'>[],
  version: Pick<VersionRecord, 'version' | 'hash' | 'contributors'>,
  rules: AuditRules,
): PeerId[] {
  const contributors = new Set(version.contributors)
  // Each contributor's earlier contributions, in version order (only they can force an audit).
  const earlier = new Map<PeerId, Pick<VersionRecord, 'version' | 'hash'>[]>()
  const counted = new Set<number>()
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    if (v.version >= version.version || counted.has(v.version)) continue
    counted.add(v.version)
    for (const peer of new Set(v.contributors)) {
      if (!contributors.has(peer)) continue
      const list = earlier.get(peer)
      if (list) list.push(v as VersionRecord)
      else earlier.set(peer, [v as VersionRecord])
    }
  }
  return [...contributors].filter((peer) => {
    const history = [...(earlier.get(peer) ?? []), version]
    return auditedRun(history, peer, rules).at(-1)!
  })
}

/**
 * Whether each of a member's contributions (all of them, in order) is audited: drawn, in probation, or forced after
 * `maxUnaudited` unaudited ones in a row. Each depends on the run before it, which a drawn or probation contribution
 * resets, so only the stretch since the last of those is walked (expected 1 / auditRate contributions).
 */
function auditedRun(history: readonly Pick<VersionRecord, 'hash'>[], peer: PeerId, rules: AuditRules): boolean[] {
  const drawn = (i: number) => isAudited(history[i]!, peer, i, rules)
  const audited = new Array<boolean>(history.length).fill(false)
  let start = history.length - 1
  while (start > 0 && !drawn(start)) start--
  let run = 0
  for (let i = start; i < history.length; i++) {
    const forced = rules.maxUnaudited !== undefined && rules.auditRate > 0 && run >= rules.maxUnaudited
    audited[i] = drawn(i) || forced
    run = audited[i] ? 0 : run + 1
  }
  return audited
}
