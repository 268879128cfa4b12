// Who may write each record of the swarm doc and what must back it: the one place these rules live. A signature
// says who wrote a record; these say whether that peer was allowed to. A record that breaks them is ignored (and
// counted on the page's diagnostics): it never moves the swarm, its state or its rewards.
//
//   record       may be written by                                      and must be backed by
//   versions 0   anyone (its hash is the manifest's genesis, checked    nothing
//                by every volunteer before it trains on it)
//   versions v   the leader of round v-1: a contributor of version v-1  signed reports of its hash from more than
//                (any holder for round 0) ranking above every           half of its contributors (versionEvidence)
//                contributor it names (leaderRank)
//   rounds r     the leader of round r, as for versions                 version r, and members that all rank below it
//   reports      a member of the attempt the report is for              that attempt's round record
//   failures     a member of the attempt the failure is for             that attempt's round record
//   evaluations  the version's evaluator (evaluatorOf)                  the version
//   presence     the peer itself                                        nothing: it is a claim, never proof
//
// A failure's culprit is an accusation, not evidence: planRound evicts the accused only when the leader's own
// links or a majority of the other members confirm it (attemptFailure.ts).

import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'
import type { MapName, RecordMaps, RoundRecord, VersionRecord } from '../records.ts'
import { evaluatorOf } from './evaluatorOf.ts'
import { outranksAll } from './leaderRank.ts'
import { evidenceIssue } from './versionEvidence.ts'

/** The doc as authority checks read it: stored records (well-formed and signed), not themselves re-checked. */
export type AuthorityContext = {
  swarmId: Hex
  version(n: number): VersionRecord | undefined
  round(r: number): RoundRecord | undefined
}

/** Why the author of a well-formed, signed record was not allowed to write it, or undefined. */
export function authorityIssue<K extends MapName>(
  map: K,
  record: RecordMaps[K],
  context: AuthorityContext,
): string | undefined {
  switch (map) {
    case 'versions': {
      const v = record as VersionRecord
      if (v.version === 0) return v.evidence.length > 0 ? 'version 0 with evidence' : undefined
      return (
        leaderIssue(context.version(v.round), v.round, v.signer, v.contributors) ?? evidenceIssue(context.swarmId, v)
      )
    }
    case 'rounds': {
      const r = record as RoundRecord
      return leaderIssue(context.version(r.round), r.round, r.leader, r.members)
    }
    case 'reports': {
      const r = record as RecordMaps['reports']
      return memberIssue(context.round(r.version - 1), r.attempt, r.peer)
    }
    case 'failures': {
      const f = record as RecordMaps['failures']
      return memberIssue(context.round(f.round), f.attempt, f.peer)
    }
    case 'evaluations': {
      const e = record as RecordMaps['evaluations']
      const version = context.version(e.version)
      if (!version) return 'version unknown'
      return evaluatorOf(version) === e.peer ? undefined : 'not the evaluator'
    }
    case 'presence':
      return undefined
    default:
      return map satisfies never
  }
}

/** Why `leader` may not lead round `round` (from version `base`) with these members, or undefined. */
function leaderIssue(
  base: VersionRecord | undefined,
  round: number,
  leader: PeerId,
  members: readonly PeerId[],
): string | undefined {
  if (!base) return 'base version unknown'
  // From round 1 on only a contributor of the base version leads: a key made later cannot enter the order.
  if (round > 0 && !base.contributors.includes(leader)) return 'leader did not contribute to the base version'
  return outranksAll(base, leader, members) ? undefined : 'a member outranks the leader'
}

function memberIssue(round: RoundRecord | undefined, attempt: number, peer: PeerId): string | undefined {
  // Both happen to honest records: a retry overwrites its round's record, and records travel by different paths.
  if (round && round.attempt > attempt) return 'attempt superseded'
  if (!round || round.attempt < attempt) return 'attempt not open yet'
  return round.members.includes(peer) ? undefined : 'not a member of the attempt'
}
