// Which members of an attempt were caught sending other bytes than they committed to, by the same standard that
// lets planRound remove an accused member alone: the leader caught it itself, or more than half of the other
// members did, each by its own check (a failure it detected, not one it heard of). A caught member is retried out
// of its attempt like any confirmed culprit; the leader also leaves it out of the rounds it opens for a while
// (leaderStep.ts), so that a liar costs the swarm one retry per sit-out rather than one per round. Honest members
// never fail a commitment check, so nothing here can bench one unless a majority lies about it.

import type { PeerId } from '../types/PeerId.ts'
import type { FailureRecord, RoundRecord } from './records.ts'

export function caughtLying(round: RoundRecord, failures: readonly FailureRecord[], self: PeerId): PeerId[] {
  const detectors = new Map<PeerId, Set<PeerId>>()
  for (const f of failures) {
    if (f.reason !== 'commitment-mismatch' || !f.culprit || f.reportedBy !== f.peer) continue
    if (f.round !== round.round || f.attempt !== round.attempt || !round.members.includes(f.peer)) continue
    if (f.culprit === f.peer || !round.members.includes(f.culprit)) continue
    detectors.set(f.culprit, (detectors.get(f.culprit) ?? new Set()).add(f.peer))
  }
  const others = round.members.length - 1
  return [...detectors].filter(([, by]) => by.has(self) || by.size * 2 > others).map(([culprit]) => culprit)
}
