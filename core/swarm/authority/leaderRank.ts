// Who leads a round, in an order no member can choose by choosing its key. A key is made before it joins; the
// order of round r is set by version r's hash, which nobody knew then. Contributors of version r rank first: they
// were named by the previous round's leader before that hash existed, so a peer that makes keys after seeing it
// (or publishes presence for its best one) ranks below every contributor still live.

import { concat, type Hex, keccak256 } from 'viem'
import type { VersionRecord } from '../records.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type RankBase = Pick<VersionRecord, 'hash' | 'contributors'>

// Every replica checks every round record's leader against its members, so the same scores come up again and
// again; a bounded memo (cleared when full) keeps that from dominating a long run.
const memo = new Map<string, string>()
const memoLimit = 4096
function scoreOf(base: RankBase, peer: PeerId): string {
  const key = base.hash + peer
  let score = memo.get(key)
  if (score === undefined) {
    if (memo.size >= memoLimit) memo.clear()
    memo.set(key, (score = keccak256(concat([base.hash, peer as Hex]))))
  }
  return score
}

/** Compares two peers' rank for the round from `base` (negative: `a` ranks higher). */
export function compareRank(base: RankBase): (a: PeerId, b: PeerId) => number {
  const contributors = new Set(base.contributors)
  const scores = new Map<PeerId, string>()
  const score = (peer: PeerId) => {
    let s = scores.get(peer)
    if (s === undefined) scores.set(peer, (s = scoreOf(base, peer)))
    return s
  }
  return (a, b) => {
    const tier = Number(!contributors.has(a)) - Number(!contributors.has(b))
    if (tier !== 0) return tier
    const sa = score(a)
    const sb = score(b)
    return sa < sb ? -1 : sa > sb ? 1 : 0
  }
}

/** `peers` from the highest rank to the lowest for the round from `base`. */
export function rankOrder(base: RankBase, peers: Iterable<PeerId>): PeerId[] {
  return [...peers].sort(compareRank(base))
}

/** Whether `leader` ranks above every other peer of `peers` for the round from `base`. */
export function outranksAll(base: RankBase, leader: PeerId, peers: readonly PeerId[]): boolean {
  const compare = compareRank(base)
  return peers.every((peer) => peer === leader || compare(leader, peer) < 0)
}
