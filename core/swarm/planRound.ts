import type { FailureRecord, PeerId, ReportRecord, RoundRecord, VersionRecord } from './records.ts'

/** What the leader knows when it decides; everything comes from the doc except liveness, which is its own view. */
export type LeaderView = {
  self: PeerId
  now: number
  latest: VersionRecord
  /** rounds[latest.version], if opened. */
  round: RoundRecord | undefined
  /** Reports for version latest+1 at round.attempt. */
  reports: readonly ReportRecord[]
  /** Failures of round latest.version at round.attempt. */
  failures: readonly FailureRecord[]
  /** Peers that are live and hold the latest version, self included when it does. */
  candidates: readonly PeerId[]
  /** Peers with an open link to the leader, self included. */
  live: ReadonlySet<PeerId>
  minMembers: number
  batchSize: number
  /** The swarm stops after this many versions. */
  lastVersion: number
  /** A round whose members have not all reported after this long is retried without the silent ones. */
  roundTimeoutMs: number
  /** How long ago this leader first saw the current attempt (its own clock: peers' clocks differ). */
  roundAgeMs: number
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
    if (view.candidates.length < view.minMembers) return undefined
    const members = [...view.candidates].sort()
    return { type: 'open', round: { round: latest.version, attempt: 0, slots: members, members, offset: latest.nextOffset, leader: self, at: view.now } }
  }

  const reported = new Map(view.reports.filter((r) => round.members.includes(r.peer)).map((r) => [r.peer, r]))
  const failed = view.failures.filter((f) => round.members.includes(f.peer))
  if (reported.size === round.members.length && failed.length === 0) return { type: 'commit', version: commit(view, round, [...reported.values()]) }

  const removed = new Set<PeerId>()
  const reasons: string[] = []
  for (const failure of failed) {
    // A failure names a culprit when it can; blaming the leader, or blaming no one, removes the reporter instead.
    const out = failure.culprit && failure.culprit !== self && round.members.includes(failure.culprit) ? failure.culprit : failure.peer
    if (out !== self || failure.culprit === null) removed.add(out)
    reasons.push(`${short(failure.peer)} reported ${failure.cause}`)
  }
  for (const member of round.members) {
    if (!view.live.has(member)) {
      removed.add(member)
      reasons.push(`${short(member)} left`)
    }
  }
  if (removed.size === 0 && view.roundAgeMs > view.roundTimeoutMs) {
    for (const member of round.members) if (member !== self && !reported.has(member)) removed.add(member)
    if (removed.size > 0) reasons.push(`no report within ${Math.round(view.roundTimeoutMs)} ms`)
  }
  if (removed.size === 0) return undefined

  const members = round.members.filter((m) => !removed.has(m))
  if (members.length === 0) {
    // Nobody is left who computed this round's gradients: open it afresh with whoever is here now.
    const fresh = [...view.candidates].sort()
    if (fresh.length < view.minMembers) return undefined
    return { type: 'retry', round: { ...round, attempt: round.attempt + 1, slots: fresh, members: fresh, leader: self, at: view.now }, removed: [...removed], reason: reasons.join('; ') }
  }
  return { type: 'retry', round: { ...round, attempt: round.attempt + 1, members, leader: self, at: view.now }, removed: [...removed], reason: reasons.join('; ') }
}

function commit(view: LeaderView, round: RoundRecord, reports: ReportRecord[]): VersionRecord {
  // All members hold the same reduced bits, so their hashes agree unless a peer is faulty. The most common
  // hash wins (ties: the smallest, so every replica picks the same); the others resync from a winner.
  const counts = new Map<string, number>()
  for (const r of reports) counts.set(r.hash, (counts.get(r.hash) ?? 0) + 1)
  const [hash] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!
  return {
    version: view.latest.version + 1,
    hash: hash as VersionRecord['hash'],
    round: round.round,
    attempt: round.attempt,
    contributors: [...round.members],
    batchSize: view.batchSize,
    nextOffset: round.offset + round.slots.length * view.batchSize,
    loss: reports.reduce((sum, r) => sum + r.loss, 0) / reports.length,
    at: view.now,
  }
}

const short = (peer: PeerId) => peer.slice(0, 8)
