import type { FailureRecord, ReportRecord, RoundRecord, VersionRecord } from './records.ts'
import type { PeerId } from '../types/PeerId.ts'
import { evidenceFor } from './authority/versionEvidence.ts'
import type { Envelope } from './recordEnvelope.ts'

/** What the leader knows when it decides; everything comes from the doc except liveness, which is its own view. */
export type LeaderView = {
  self: PeerId
  now: number
  latest: VersionRecord
  /** rounds[latest.version], if opened and valid here. */
  round: RoundRecord | undefined
  /**
   * The attempt stored under rounds[latest.version], valid here or not yet (-1: none). A new attempt is written
   * above it, so it supersedes the stored one on every replica and no member is asked to run an attempt twice.
   */
  lastAttempt: number
  /** Reports for version latest+1 at round.attempt. */
  reports: readonly ReportRecord[]
  /** The same reports as signed in the doc, by peer: a commit carries those of its hash as evidence. */
  sealedReports: ReadonlyMap<PeerId, Envelope<ReportRecord>>
  /** Failures of round latest.version at round.attempt. */
  failures: readonly FailureRecord[]
  /**
   * Members whose signed commitments for round.attempt are in the doc, when the aggregator needs them (undefined:
   * it does not). Everyone can see who did not commit, so the leader needs no one's word for it.
   */
  committed: ReadonlySet<PeerId> | undefined
  /** Peers that are live and hold the latest version, self included when it does. */
  candidates: readonly PeerId[]
  /** Peers whose ban is in force: never a candidate, and removed from an open round by a retry. */
  banned: ReadonlySet<PeerId>
  /** Peers with an open link to the leader, self included. */
  live: ReadonlySet<PeerId>
  /** Live, active peers that do not hold the latest version yet (they are fetching it). */
  laggards: readonly PeerId[]
  /**
   * The first round waits for this many ready peers (so a swarm starts together); later rounds go on with whoever is
   * left.
   */
  minMembers: number
  batchSize: number
  /** The swarm stops after this many versions. */
  lastVersion: number
  /** A round whose members have not all reported after this long is retried without the silent ones. */
  roundTimeoutMs: number
  /** How long a new round waits for laggards (roundPace.ts). */
  joinGraceMs: number
  /**
   * How long ago this leader first saw the current attempt, or the latest version while no round is open (its own
   * clock: peers' clocks differ).
   */
  roundAgeMs: number
  /** How long ago this leader first saw a failure of the current attempt (0 while there is none). */
  accusationAgeMs: number
  /**
   * How long an accusation of a peer this leader still reaches waits for its own link to confirm it: the mesh's
   * heartbeat timeout, after which a dead peer's link is down here too.
   */
  confirmMs: number
}

export type LeaderAction =
  | { type: 'open'; round: RoundRecord }
  | { type: 'retry'; round: RoundRecord; removed: PeerId[]; reason: string }
  | { type: 'commit'; version: VersionRecord }

/**
 * The leader's next write, or undefined when there is nothing to do. Pure and deterministic, so any peer
 * that becomes leader continues from the doc alone, and replicas that briefly disagree converge.
 */
export function planRound(view: LeaderView): LeaderAction | undefined {
  const { latest, round, self } = view
  if (latest.version >= view.lastVersion) return undefined

  if (!round) {
    if (view.candidates.length < minimumFor(view)) return undefined
    // Without this wait the peers that sync each new version would never be in a round: the next one would
    // always open the moment the version is committed, when only its contributors hold it.
    if (view.laggards.length > 0 && view.roundAgeMs < view.joinGraceMs) return undefined
    const members = [...view.candidates].sort()
    return {
      type: 'open',
      round: {
        round: latest.version,
        attempt: view.lastAttempt + 1,
        members,
        offset: latest.nextOffset,
        leader: self,
        at: view.now,
      },
    }
  }

  const reported = new Map(view.reports.filter((r) => round.members.includes(r.peer)).map((r) => [r.peer, r]))
  const failed = view.failures.filter((f) => round.members.includes(f.peer))
  const banned = round.members.filter((m) => view.banned.has(m))
  if (reported.size === round.members.length && failed.length === 0 && banned.length === 0)
    return { type: 'commit', version: commit(view, round, [...reported.values()]) }

  const removed = new Set<PeerId>()
  const reasons: string[] = []
  const accusations = judgeAccusations(view, round, failed)
  // A ban does not wait for accusations to settle: the retry it forces drops them with the attempt.
  if (accusations.pending && banned.length === 0) return undefined
  for (const peer of accusations.removed) removed.add(peer)
  reasons.push(...failed.map((f) => `${short(f.peer)} reported ${f.cause}`))
  for (const peer of banned) {
    removed.add(peer)
    reasons.push(`${short(peer)} is banned`)
  }
  for (const member of round.members) {
    if (!view.live.has(member)) {
      removed.add(member)
      reasons.push(`${short(member)} left`)
    }
  }
  if (removed.size === 0 && view.roundAgeMs > view.roundTimeoutMs) {
    // Members that never committed kept the others from starting: they alone are out, not those left waiting.
    const uncommitted = round.members.filter((m) => m !== self && view.committed && !view.committed.has(m))
    for (const member of uncommitted) removed.add(member)
    if (removed.size > 0) reasons.push(`no commitment within ${Math.round(view.roundTimeoutMs)} ms`)
    else {
      for (const member of round.members) if (member !== self && !reported.has(member)) removed.add(member)
      if (removed.size > 0) reasons.push(`no report within ${Math.round(view.roundTimeoutMs)} ms`)
    }
  }
  if (removed.size === 0) return undefined

  const reason = reasons.join('; ')
  const survivors = round.members.filter((m) => !removed.has(m))
  if (survivors.length === 0) {
    // Nobody is left who computed this round's gradients: open it afresh with whoever is here now.
    const fresh = [...view.candidates].sort()
    if (fresh.length < minimumFor(view)) return undefined
    return {
      type: 'retry',
      round: { ...round, attempt: round.attempt + 1, members: fresh, leader: self, at: view.now },
      removed: [...removed],
      reason,
    }
  }
  return {
    type: 'retry',
    round: {
      ...round,
      attempt: round.attempt + 1,
      members: repack(round.members, removed),
      leader: self,
      at: view.now,
    },
    removed: [...removed],
    reason,
  }
}

/**
 * The survivors in the same ring, each keeping its index (and so its batch and computed gradient) where it can:
 * the survivors past the new size move into the holes the removed members left, earliest hole first. The round
 * then still consumes the contiguous samples [offset, offset + survivors × batch), and only the moved recompute.
 */
export function repack(members: readonly PeerId[], removed: ReadonlySet<PeerId>): PeerId[] {
  const kept = members.filter((m) => !removed.has(m)).length
  const movers = members.slice(kept).filter((m) => !removed.has(m))
  return members.slice(0, kept).map((m) => (removed.has(m) ? movers.shift()! : m))
}

/**
 * Whom the failures of an attempt remove. A failure that blames no one (or blames the leader, or a non-member)
 * removes the member that wrote it. A culprit is only an accusation: no frame of the all-reduce is signed, so
 * nothing proves it. The accused leaves alone when the accusation is confirmed: the leader's own link to it is
 * gone, the leader detected it itself, or more than half of the other members detected it independently. An
 * accusation of a live peer that nobody confirms removes accuser and accused together once the round's time is
 * up or the leader's own link had time to confirm it (`confirmMs`; before that, a closed link may still be on its
 * way to the leader): a liar can evict one honest member only
 * by giving up its own seat, and cannot stall the swarm by accusing.
 */
function judgeAccusations(
  view: LeaderView,
  round: RoundRecord,
  failed: readonly FailureRecord[],
): { removed: Set<PeerId>; pending: boolean } {
  const { self } = view
  const removed = new Set<PeerId>()
  const accusers = new Map<PeerId, Set<PeerId>>()
  for (const failure of failed) {
    const { culprit } = failure
    if (!culprit || culprit === self || !round.members.includes(culprit)) {
      // The leader's own cancellation of its attempt leaves it in: it is retrying, not failing.
      if (!(culprit === self && failure.peer === self)) removed.add(failure.peer)
      continue
    }
    const accuser = failure.reportedBy ?? failure.peer
    accusers.set(culprit, (accusers.get(culprit) ?? new Set()).add(accuser))
  }
  let pending = false
  for (const [culprit, by] of accusers) {
    const others = round.members.length - 1
    const independent = [...by].filter((peer) => peer !== culprit && round.members.includes(peer))
    if (!view.live.has(culprit) || by.has(self) || independent.length * 2 > others) removed.add(culprit)
    else if (view.accusationAgeMs <= Math.min(view.confirmMs, view.roundTimeoutMs)) pending = true
    else for (const peer of [culprit, ...independent]) removed.add(peer)
  }
  return { removed, pending }
}

function commit(view: LeaderView, round: RoundRecord, reports: ReportRecord[]): VersionRecord {
  // All members hold the same reduced bits, so their hashes agree unless a peer is faulty. The most common
  // hash wins (ties: the smallest, so every replica picks the same); the others resync from a winner.
  const counts = new Map<string, number>()
  for (const r of reports) counts.set(r.hash, (counts.get(r.hash) ?? 0) + 1)
  const [hash] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!
  const sealed = reports.flatMap((r) => view.sealedReports.get(r.peer) ?? [])
  return {
    version: view.latest.version + 1,
    hash: hash as VersionRecord['hash'],
    round: round.round,
    attempt: round.attempt,
    contributors: [...round.members],
    batchSize: view.batchSize,
    nextOffset: round.offset + round.members.length * view.batchSize,
    evidence: evidenceFor(hash as VersionRecord['hash'], sealed),
    loss: reports.reduce((sum, r) => sum + r.loss, 0) / reports.length,
    signer: view.self,
    at: view.now,
  }
}

const short = (peer: PeerId) => peer.slice(0, 8)

const minimumFor = (view: LeaderView) => (view.latest.version === 0 ? view.minMembers : 1)
