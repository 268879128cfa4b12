// When a peer's ban takes effect. Each validator writes its own ban record (bans["<peer>:<validator>"]); a ban is in
// force once `threshold` distinct validators of the manifest have written one, as a receipt pays only with that many
// signatures: a coalition that could not pay a peer cannot evict it or forfeit its units either. It applies from the
// version at which the threshold-th of them applies (the k-th smallest), the first round every one of k validators
// agrees it is out of.

import type { BanRecord } from '../records.ts'
import type { PeerId } from '../../types/PeerId.ts'
import type { ValidatorSet } from './ValidatorSet.ts'

/** Peer → the first round it may not take part in, for every peer whose ban is in force. */
export function bansInForce(bans: Iterable<BanRecord>, validators: ValidatorSet): Map<PeerId, number> {
  const allowed = new Set(validators.members)
  const byPeer = new Map<PeerId, Map<PeerId, number>>()
  for (const ban of bans) {
    if (!allowed.has(ban.validator)) continue
    // One record per key <peer>:<validator>, so one vote per validator.
    const votes = byPeer.get(ban.peer) ?? new Map<PeerId, number>()
    byPeer.set(ban.peer, votes.set(ban.validator, ban.version))
  }
  const inForce = new Map<PeerId, number>()
  for (const [peer, votes] of byPeer) {
    if (votes.size < validators.threshold) continue
    inForce.set(peer, [...votes.values()].sort((a, b) => a - b)[validators.threshold - 1]!)
  }
  return inForce
}

/**
 * Peer → the first version whose units it forfeits, for every peer whose ban is in force and whose ban records name
 * one (`forfeitsFrom`, written when an audit took longer than the audit window): the threshold-th smallest, the
 * earliest version that many validators agree on. Otherwise the ban's own version sets the forfeiture
 * (core/rewards/forfeiture.ts).
 */
export function forfeituresInForce(bans: Iterable<BanRecord>, validators: ValidatorSet): Map<PeerId, number> {
  const inForce = bansInForce(bans, validators)
  const allowed = new Set(validators.members)
  const votes = new Map<PeerId, Map<PeerId, number>>()
  for (const ban of bans) {
    if (!allowed.has(ban.validator) || !inForce.has(ban.peer)) continue
    const byValidator = votes.get(ban.peer) ?? new Map<PeerId, number>()
    votes.set(ban.peer, byValidator.set(ban.validator, ban.forfeitsFrom ?? Infinity))
  }
  const forfeitures = new Map<PeerId, number>()
  for (const [peer, byValidator] of votes) {
    const from = [...byValidator.values()].sort((a, b) => a - b)[validators.threshold - 1]
    if (from !== undefined && Number.isFinite(from)) forfeitures.set(peer, from)
  }
  return forfeitures
}

/** Whether `peer`, banned from `bannedFrom` (undefined: not banned), may take part in the round from `base`. */
export const excludedFrom = (bannedFrom: number | undefined, round: number) =>
  bannedFrom !== undefined && round >= bannedFrom
