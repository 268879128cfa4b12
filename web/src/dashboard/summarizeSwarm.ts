// What the dashboard shows, computed from the swarm's records (plain data in, plain data out, so it is tested in
// Node). The doc keeps every version and evaluation, but the leader prunes rounds, reports and failures older
// than a few versions: timings and throughput describe recent rounds only.

import type { Codec } from '../../../core/manifest/Manifest.ts'
import type { FailureRecord, RecordMaps, ReportRecord, Timings } from '../../../core/swarm/records.ts'
import { estimateRingBytes } from './estimateRingBytes.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'

export type Series = { x: number[]; y: number[] }

export type PeerView = {
  peer: PeerId
  backend: string | undefined
  /** Samples per second of gradient computation, over its recent reports. */
  samplesPerSecond: number | undefined
  /** In the ring: this round's members; otherwise why not. */
  role: 'leader' | 'member' | 'waiting' | 'paused' | 'behind'
}

export type SwarmSummary = {
  version: number | undefined
  loss: Series
  accuracy: Series
  /** Members of the newest round in ring order, then everyone else present. */
  ring: PeerView[]
  others: PeerView[]
  timings: { latest: Timings | undefined; mean: Timings | undefined; rounds: number }
  traffic: { lastRoundPerMember: number; total: number }
  failures: FailureRecord[]
}

/** Failures listed, newest first. */
export const shownFailures = 50

/** Bans are not summarized yet: the dashboard honours them through its SwarmState, and does not list them. */
export type SummaryInput = {
  [K in Exclude<keyof RecordMaps, 'bans' | 'commitments' | 'endpoints'>]: readonly RecordMaps[K][]
} & {
  parameterCount: number
  codec: Codec
  /** Volunteers present by awareness; peers outside it have left and are not listed. Unknown when undefined. */
  live?: ReadonlySet<PeerId>
}

export function summarizeSwarm(input: SummaryInput): SwarmSummary {
  const versions = [...input.versions].sort((a, b) => a.version - b.version)
  const latest = versions.at(-1)
  const trained = versions.filter((v) => v.round >= 0)
  const evaluations = [...input.evaluations].sort((a, b) => a.version - b.version)

  // Only the reports that made a version: the winning attempt's, not those of attempts that were retried.
  const winning = new Map(versions.map((v) => [v.version, v.attempt]))
  const counted = input.reports.filter((r) => winning.get(r.version) === r.attempt)
  const byVersion = groupBy(counted, (r) => r.version)
  const latestReports = latest ? byVersion.get(latest.version) : undefined

  const presence = new Map(input.presence.map((p) => [p.peer, p]))
  const throughput = (peer: PeerId) => {
    const mine = counted.filter((r) => r.peer === peer && r.timings.compute > 0)
    if (mine.length === 0) return undefined
    return mine.reduce((sum, r) => sum + r.samples, 0) / (mine.reduce((sum, r) => sum + r.timings.compute, 0) / 1000)
  }
  const round = [...input.rounds].sort((a, b) => b.round - a.round || b.attempt - a.attempt)[0]
  const inRing = new Set(round?.members)
  const view = (peer: PeerId, role: PeerView['role']): PeerView => ({
    peer,
    backend: presence.get(peer)?.backend,
    samplesPerSecond: throughput(peer),
    role,
  })
  const ring = (round?.members ?? []).map((peer) => view(peer, peer === round?.leader ? 'leader' : 'member'))
  const others = input.presence
    .filter((p) => !inRing.has(p.peer) && (!input.live || input.live.has(p.peer)))
    .map((p) => view(p.peer, !p.active ? 'paused' : latest && p.version === latest.version ? 'waiting' : 'behind'))
    .sort((a, b) => a.peer.localeCompare(b.peer))

  const perMember = (members: number) => estimateRingBytes(input.parameterCount, members, input.codec)
  return {
    version: latest?.version,
    loss: { x: trained.map((v) => v.version), y: trained.map((v) => v.loss) },
    accuracy: { x: evaluations.map((e) => e.version), y: evaluations.map((e) => e.accuracy) },
    ring,
    others,
    timings: {
      latest: latestReports && mean(latestReports),
      mean: counted.length ? mean(counted) : undefined,
      rounds: byVersion.size,
    },
    traffic: {
      lastRoundPerMember: latest && latest.round >= 0 ? perMember(latest.contributors.length) : 0,
      total: trained.reduce((sum, v) => sum + v.contributors.length * perMember(v.contributors.length), 0),
    },
    failures: [...input.failures]
      .sort((a, b) => b.round - a.round || b.attempt - a.attempt || a.peer.localeCompare(b.peer))
      .slice(0, shownFailures),
  }
}

function mean(reports: readonly ReportRecord[]): Timings {
  const n = reports.length
  const sum = (key: keyof Timings) => reports.reduce((total, r) => total + r.timings[key], 0) / n
  return { compute: sum('compute'), allreduce: sum('allreduce'), optimizer: sum('optimizer') }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}
