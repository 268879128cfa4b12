import type { SwarmView } from './createSwarmState.ts'
import type { LeaderView } from './planRound.ts'
import { ofAttempt, recordKey, type VersionRecord } from './records.ts'
import type { PeerId } from '../types/PeerId.ts'
import { rankOrder } from './authority/leaderRank.ts'

export type LeaderViewOptions = Pick<
  LeaderView,
  'self' | 'now' | 'minMembers' | 'batchSize' | 'lastVersion' | 'roundTimeoutMs' | 'joinGraceMs' | 'roundAgeMs'
> & {
  /** Peers with an open link, self excluded. */
  linked: ReadonlySet<PeerId>
  /** Members commit to their contributions before the all-reduce (VolunteerConfig.commitments). */
  commitments: boolean
  /** Peers this leader leaves out of new rounds (caught lying: caughtLying.ts); absent: none. */
  excluded?: ReadonlySet<PeerId>
}

/**
 * How long an unconfirmed accusation waits for the leader's own link to the accused to drop: the mesh's heartbeat
 * timeout (web/src/net/linkHealth.ts, 5 s) and a second for the news to arrive.
 */
export const accusationConfirmMs = 6_000

/** Assembles what the leader decides on from the doc and its own view of the links. */
export function leaderView(state: SwarmView, latest: VersionRecord, options: LeaderViewOptions): LeaderView {
  const live = new Set([...options.linked, options.self])
  const round = state.get('rounds', String(latest.version))
  const attempt = round?.attempt ?? -1
  const { linked, commitments, excluded, ...rest } = options
  // A banned peer is out from the moment its ban is in force here, before the rules bind (authority/banVersion.ts).
  const banned = new Set(state.bans().keys())
  const candidates = syncedPeers(state, latest, live).filter((peer) => !banned.has(peer) && !excluded?.has(peer))
  const reports = state.values('reports', ofAttempt(latest.version + 1, attempt))
  return {
    ...rest,
    // The caller that tracks when it first saw a failure says how old the accusation is (leaderStep.ts).
    accusationAgeMs: 0,
    confirmMs: accusationConfirmMs,
    latest,
    round,
    lastAttempt: state.stored('rounds', String(latest.version))?.attempt ?? -1,
    live,
    reports,
    sealedReports: new Map(
      reports.flatMap((r) => state.sealed('reports', recordKey.reports(r)) ?? []).map((s) => [s.r.peer, s]),
    ),
    failures: state.values('failures', ofAttempt(latest.version, attempt)),
    committed: commitments
      ? new Set(state.values('commitments', ofAttempt(latest.version, attempt)).map((c) => c.peer))
      : undefined,
    candidates,
    banned,
    laggards: [...linked].filter(
      (peer) =>
        state.get('presence', peer)?.active && !candidates.includes(peer) && !banned.has(peer) && !excluded?.has(peer),
    ),
  }
}

/**
 * Whether an active `peer` holds `latest`: by its presence record, or by its report of latest's winning hash (a
 * contributor adopts its own result the moment it is committed, and does not re-announce it).
 */
export function holdsLatest(state: SwarmView, latest: VersionRecord, peer: PeerId): boolean {
  const presence = state.get('presence', peer)
  if (presence?.active === false) return false
  if (presence && presence.version === latest.version && presence.hash === latest.hash) return true
  return (
    state.get('reports', recordKey.reports({ version: latest.version, attempt: latest.attempt, peer }))?.hash ===
    latest.hash
  )
}

/**
 * The peers among `peers` that hold `latest`. Reads only their records, so its cost follows the live peers, not the
 * swarm's history.
 */
export function syncedPeers(state: SwarmView, latest: VersionRecord, peers: Iterable<PeerId>): PeerId[] {
  return [...peers].filter((peer) => holdsLatest(state, latest, peer))
}

/**
 * The live peer that holds the latest version and ranks highest for the next round (authority/leaderRank.ts) leads;
 * every peer computes this the same way from the same doc. From round 1 on only the latest version's contributors
 * may lead (recordAuthority.ts), and never a banned one. A higher-ranked live peer whose presence has not arrived
 * yet may hold it and lead already, so while one exists nobody here leads (two leaders would write the same attempt
 * with different members).
 * Peers are checked in order and the scan stops at the leader: a peer that is not the leader verifies one or two
 * records, not every report.
 */
export function leaderOf(state: SwarmView, latest: VersionRecord, live: ReadonlySet<PeerId>): PeerId | undefined {
  const eligible = (latest.version === 0 ? [...live] : latest.contributors.filter((peer) => live.has(peer))).filter(
    (peer) => state.bannedFrom(peer) === undefined,
  )
  for (const peer of rankOrder(latest, eligible)) {
    if (holdsLatest(state, latest, peer)) return peer
    if (!state.stored('presence', peer)) return undefined
  }
  return undefined
}
