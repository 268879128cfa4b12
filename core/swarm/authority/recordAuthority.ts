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
//   commitments  a member of the attempt they are for                   that attempt's round record, and one hash
//                                                                       per member of it
//   evaluations  the version's evaluator (evaluatorOf)                  the version
//   presence     the peer itself                                        nothing: it is a claim, never proof
//   bans         a validator of the manifest (rewards.validators; none  nothing here: what proves the reason is the
//                without rewards)                                       validator's to judge (bansInForce: k of n)
//   endpoints    a validator of the manifest                            nothing: a URL, where pages send audit reveals
//
// A ban in force (bansInForce.ts) from version b also refuses, from round b on, a round that names the peer as
// member or leader, and a version (of round ≥ b) it contributed to or signed. It never reaches back to a version
// of an earlier round: replicas hold and train on accepted versions, and refusing one would fork them from late
// joiners. Honest leaders leave a banned peer out as soon as they see the ban (leaderView.ts); validators write b a
// few versions ahead of the latest (banVersion.ts), so a ban reaches every leader before it binds.
//
// A failure's culprit is an accusation, not evidence: planRound evicts the accused only when the leader's own
// links or a majority of the other members confirm it (attemptFailure.ts).

import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'
import type { MapName, RecordMaps, RoundRecord, VersionRecord } from '../records.ts'
import { evaluatorOf } from './evaluatorOf.ts'
import { outranksAll } from './leaderRank.ts'
import { evidenceIssue } from './versionEvidence.ts'
import { excludedFrom } from './bansInForce.ts'
import type { ValidatorSet } from './ValidatorSet.ts'

/** The doc as authority checks read it: stored records (well-formed and signed), not themselves re-checked. */
export type AuthorityContext = {
  swarmId: Hex
  version(n: number): VersionRecord | undefined
  round(r: number): RoundRecord | undefined
  /** Who may ban (the manifest's validators). */
  validators: ValidatorSet
  /** The first round `peer` may not take part in, if a ban of it is in force. */
  bannedFrom(peer: PeerId): number | undefined
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
        banIssue(context, v.round, [v.signer, ...v.contributors]) ??
        leaderIssue(context.version(v.round), v.round, v.signer, v.contributors) ??
        evidenceIssue(context.swarmId, v)
      )
    }
    case 'rounds': {
      const r = record as RoundRecord
      return (
        banIssue(context, r.round, [r.leader, ...r.members]) ??
        leaderIssue(context.version(r.round), r.round, r.leader, r.members)
      )
    }
    case 'reports': {
      const r = record as RecordMaps['reports']
      return memberIssue(context.round(r.version - 1), r.attempt, r.peer)
    }
    case 'failures': {
      const f = record as RecordMaps['failures']
      return memberIssue(context.round(f.round), f.attempt, f.peer)
    }
    case 'commitments': {
      const c = record as RecordMaps['commitments']
      const round = context.round(c.round)
      return (
        memberIssue(round, c.attempt, c.peer) ??
        (c.chunks.length === round!.members.length ? undefined : 'not one chunk hash per member')
      )
    }
    case 'evaluations': {
      const e = record as RecordMaps['evaluations']
      const version = context.version(e.version)
      if (!version) return 'version unknown'
      return evaluatorOf(version) === e.peer ? undefined : 'not the evaluator'
    }
    case 'presence':
      return undefined
    case 'bans': {
      const b = record as RecordMaps['bans']
      return context.validators.members.includes(b.validator) ? undefined : 'not a validator'
    }
    case 'endpoints': {
      const e = record as RecordMaps['endpoints']
      return context.validators.members.includes(e.validator) ? undefined : 'not a validator'
    }
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

function banIssue(context: AuthorityContext, round: number, peers: readonly PeerId[]): string | undefined {
  return peers.some((peer) => excludedFrom(context.bannedFrom(peer), round)) ? 'names a banned peer' : undefined
}

function memberIssue(round: RoundRecord | undefined, attempt: number, peer: PeerId): string | undefined {
  // Both happen to honest records: a retry overwrites its round's record, and records travel by different paths.
  if (round && round.attempt > attempt) return 'attempt superseded'
  if (!round || round.attempt < attempt) return 'attempt not open yet'
  return round.members.includes(peer) ? undefined : 'not a member of the attempt'
}
