import type { SwarmState } from './createSwarmState.ts'
import type { LeaderView } from './planRound.ts'
import type { PeerId, VersionRecord } from './records.ts'

export type LeaderViewOptions = Pick<LeaderView, 'self' | 'now' | 'minMembers' | 'batchSize' | 'lastVersion' | 'roundTimeoutMs'> & {
  /** When this peer first saw each `round:attempt`, by its own clock. */
  firstSeen: Map<string, number>
  /** Peers with an open link, self excluded. */
  linked: ReadonlySet<PeerId>
}

/** Assembles what the leader decides on from the doc and its own view of the links. */
export function leaderView(state: SwarmState, latest: VersionRecord, options: LeaderViewOptions): LeaderView {
  const live = new Set([...options.linked, options.self])
  const round = state.get('rounds', String(latest.version))
  const attempt = round?.attempt ?? -1
  const { firstSeen, linked, ...rest } = options
  const seenKey = `${latest.version}:${attempt}`
  if (round && !firstSeen.has(seenKey)) firstSeen.set(seenKey, options.now)
  return {
    ...rest,
    roundAgeMs: round ? options.now - firstSeen.get(seenKey)! : 0,
    latest,
    round,
    live,
    reports: state.values('reports').filter((r) => r.version === latest.version + 1 && r.attempt === attempt),
    failures: state.values('failures').filter((f) => f.round === latest.version && f.attempt === attempt),
    candidates: syncedPeers(state, latest).filter((peer) => live.has(peer)),
  }
}

/**
 * Active peers that hold `latest`: by their presence record, or by a report of latest's winning hash
 * (a contributor adopts the version the moment it is committed, before its presence catches up).
 */
export function syncedPeers(state: SwarmState, latest: VersionRecord): PeerId[] {
  const synced = new Set<PeerId>()
  const presence = new Map(state.values('presence').map((p) => [p.peer, p]))
  for (const p of presence.values()) if (p.active && p.version === latest.version && p.hash === latest.hash) synced.add(p.peer)
  for (const r of state.values('reports')) {
    if (r.version === latest.version && r.attempt === latest.attempt && r.hash === latest.hash && presence.get(r.peer)?.active !== false) synced.add(r.peer)
  }
  return [...synced]
}

/** The lowest id among live synced peers leads; every peer computes this the same way from the same doc. */
export function leaderOf(view: Pick<LeaderView, 'candidates'>): PeerId | undefined {
  return [...view.candidates].sort()[0]
}
