// The swarm's shared state: plain JSON records in maps of one Y.Doc (metadata only, never tensors). Each value
// is a record in a signed envelope (recordEnvelope.ts) made by the peer the record names as its author:
//
//   map         key                          signed by (field)  record
//   versions    "<version>"                  leader (signer)    VersionRecord: a committed model version
//   rounds      "<round>"                    leader (leader)    RoundRecord: who trains round r (= from version r), how
//   reports     "<version>:<attempt>:<peer>" member (peer)      ReportRecord: the hash a member reached for version r+1
//   failures    "<round>:<attempt>:<peer>"   member (peer)      FailureRecord: why a member's attempt failed
//   commitments "<round>:<attempt>:<peer>"   member (peer)      CommitmentRecord: hashes of what a member will send
//   presence    "<peer>"                     the peer (peer)    PresenceRecord: which verified version a peer holds
//   evaluations "<version>"                  evaluator (peer)   EvaluationRecord: held-out accuracy of a version
//   bans        "<peer>:<validator>"         validator          BanRecord: a validator's verdict that a peer is out
//   endpoints   "<validator>"                validator          EndpointRecord: where a validator takes audit reveals
//
// Round r takes version r to version r+1. A member's index in `members` is its place in the ring and picks its
// batch, so a round consumes the contiguous samples [offset, offset + members × batch). Retries raise `attempt`
// and keep every survivor's index where they can (planRound), so their computed gradients stay valid.

import type { Hex } from '../types/Hex.ts'
import type { Envelope } from './recordEnvelope.ts'
import type { PeerId } from '../types/PeerId.ts'

export type RoundRecord = {
  round: number
  attempt: number
  /** Members of this attempt in ring order; member i computes samples [offset + i·batch, offset + (i+1)·batch). */
  members: PeerId[]
  /** Position of this round's first sample in the endless shard stream. */
  offset: number
  leader: PeerId
  at: number
}

export type VersionRecord = {
  version: number
  /** sha256 of the training state (parameters and optimizer state) every contributor holds. */
  hash: Hex
  /** The round that produced it; -1 for the initial version. */
  round: number
  attempt: number
  contributors: PeerId[]
  /** Samples per contributor in this round. */
  batchSize: number
  /** Offset of the next round's first sample. */
  nextOffset: number
  /** The signed reports of this hash that back the commit (authority/versionEvidence.ts); none for version 0. */
  evidence: Envelope<ReportRecord>[]
  /** Mean training loss over the contributors' batches. */
  loss: number
  /** The peer that committed it (the leader, or for version 0 the first peer), by its own clock. */
  signer: PeerId
  at: number
}

export type Timings = { compute: number; allreduce: number; optimizer: number }

export type ReportRecord = {
  version: number
  attempt: number
  peer: PeerId
  hash: Hex
  loss: number
  samples: number
  timings: Timings
  at: number
}

export type FailureRecord = {
  round: number
  attempt: number
  peer: PeerId
  /**
   * The peer blamed for the failure, when one is known: an accusation, which evicts it only when the leader can
   * confirm it (planRound).
   */
  culprit: PeerId | null
  /** The member that detected the failure and told the others (this peer itself, or null with no culprit). */
  reportedBy: PeerId | null
  /**
   * The all-reduce's failure reason (core/allreduce/errors.ts FailureReason, e.g. `commitment-mismatch`), or null
   * for a failure of another kind; absent in records written before it existed.
   */
  reason?: string | null
  cause: string
  at: number
}

/**
 * What a member commits to before its bytes enter a robust all-reduce (aggregator centered-clip): sha256 of each
 * chunk of its contribution, one per member in member order (core/allreduce/robust/contributionCommitments.ts).
 * The owner of chunk c checks every member's bytes for it against `chunks[c]`; bytes that do not match fail the
 * attempt naming their sender. Signed and in the doc before anyone sends, so a member cannot choose what to send
 * after seeing the others'.
 */
export type CommitmentRecord = {
  round: number
  attempt: number
  peer: PeerId
  chunks: Hex[]
  at: number
}

export type PresenceRecord = {
  peer: PeerId
  /** The verified version this peer holds, or -1 while it has none. */
  version: number
  hash: Hex | null
  /** False while paused or done: the leader leaves inactive peers out of new rounds. */
  active: boolean
  backend: string
  at: number
}

export type EvaluationRecord = {
  version: number
  peer: PeerId
  accuracy: number
  loss: number
  samples: number
  at: number
}

/**
 * One validator's ban of a peer (authority/bansInForce.ts: in force once the manifest's threshold of validators
 * agree). Honest leaders leave the peer out of every round they open from the moment they see the ban in force;
 * from `version` on the authority rules refuse rounds that name it and versions it contributed to, and its units
 * not yet receiptable are forfeited (core/rewards/unitsByPeer.ts).
 */
export type BanRecord = {
  peer: PeerId
  /** The first round (numbered by its base version) the peer may not take part in. */
  version: number
  reason: string
  /** What proves the reason, as the audit that found it writes it (core/audit/auditEvidence.ts). */
  evidence?: string
  /**
   * The first version whose units the peer forfeits, when an audit refuted its contribution to that version (or it
   * left it unanswered): earlier than what the ban's `version` alone forfeits when the audit took longer than the
   * audit window, which the validators' receipts waited for (core/rewards/unitsByPeer.ts).
   */
  forfeitsFrom?: number
  validator: PeerId
  at: number
}

/** Where a validator of the swarm takes audit reveals and training states (core/audit/, validator/). */
export type EndpointRecord = {
  validator: PeerId
  /** http(s) base URL of the validator's server: `<url>/swarms/<id>/…`. */
  url: string
  at: number
}

export type RecordMaps = {
  versions: VersionRecord
  rounds: RoundRecord
  reports: ReportRecord
  failures: FailureRecord
  commitments: CommitmentRecord
  presence: PresenceRecord
  evaluations: EvaluationRecord
  bans: BanRecord
  endpoints: EndpointRecord
}
export type MapName = keyof RecordMaps
export const mapNames = [
  'versions',
  'rounds',
  'reports',
  'failures',
  'commitments',
  'presence',
  'evaluations',
  'bans',
  'endpoints',
] as const satisfies readonly MapName[]

export const recordKey = {
  versions: (r: Pick<VersionRecord, 'version'>) => String(r.version),
  rounds: (r: Pick<RoundRecord, 'round'>) => String(r.round),
  reports: (r: Pick<ReportRecord, 'version' | 'attempt' | 'peer'>) => `${r.version}:${r.attempt}:${r.peer}`,
  failures: (r: Pick<FailureRecord, 'round' | 'attempt' | 'peer'>) => `${r.round}:${r.attempt}:${r.peer}`,
  commitments: (r: Pick<CommitmentRecord, 'round' | 'attempt' | 'peer'>) => `${r.round}:${r.attempt}:${r.peer}`,
  presence: (r: Pick<PresenceRecord, 'peer'>) => r.peer,
  evaluations: (r: Pick<EvaluationRecord, 'version'>) => String(r.version),
  bans: (r: Pick<BanRecord, 'peer' | 'validator'>) => `${r.peer}:${r.validator}`,
  endpoints: (r: Pick<EndpointRecord, 'validator'>) => r.validator,
} satisfies { [K in MapName]: (record: RecordMaps[K]) => string }

/**
 * The version or round a key of `versions`, `rounds`, `reports`, `failures` or `commitments` is for (its leading
 * number), to select and prune records by key without reading them; NaN for a key of no such form.
 */
export const keyNumber = (key: string) => Number(key.split(':', 1)[0])

/** Selects the keys of `reports`, `failures` or `commitments` records of one version or round and attempt. */
export const ofAttempt = (n: number, attempt: number) => {
  const prefix = `${n}:${attempt}:`
  return (key: string) => key.startsWith(prefix)
}

/** The peer a record names as its author: only that peer's signature makes it valid. */
export const authorOf = {
  versions: (r: Pick<VersionRecord, 'signer'>) => r.signer,
  rounds: (r: Pick<RoundRecord, 'leader'>) => r.leader,
  reports: (r: Pick<ReportRecord, 'peer'>) => r.peer,
  failures: (r: Pick<FailureRecord, 'peer'>) => r.peer,
  commitments: (r: Pick<CommitmentRecord, 'peer'>) => r.peer,
  presence: (r: Pick<PresenceRecord, 'peer'>) => r.peer,
  evaluations: (r: Pick<EvaluationRecord, 'peer'>) => r.peer,
  bans: (r: Pick<BanRecord, 'validator'>) => r.validator,
  endpoints: (r: Pick<EndpointRecord, 'validator'>) => r.validator,
} satisfies { [K in MapName]: (record: RecordMaps[K]) => PeerId }
