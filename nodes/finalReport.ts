// The JSON line `npm run nodes -- --rounds R` ends with (scripts/nodes.ts), from what the pages said at the end:
//
//   { rounds, accuracy, hashes: [per node], hashesByPeer: {peer: hash}, msPerRound: {compute, allreduce, optimizer},
//     adversaries?: [{node, peer, attack, fromVersion, samplesAfterAttack}], banned: [peer], unitsByPeer: {peer: n} }
//
// `banned` and `unitsByPeer` are one replica's reading of the doc (StarlingAutomation.ledger): the bans in force and
// each peer's newest receipted units (none when the swarm pays nothing).
import type { Timings } from '../core/swarm/records.ts'
import type { StarlingSnapshot, SwarmLedger } from '../web/src/swarm/SwarmEvent.ts'

export type HostileNode = { node: number; fromVersion: number; contributedBefore: number }

export type FinalReportParameters = {
  rounds: number
  accuracy: number
  /** Every node's snapshot at the end, in node order. */
  snapshots: readonly StarlingSnapshot[]
  timings: Timings
  /** The attack as `--attack` reads it, and the nodes that turned hostile (none: no `adversaries` field). */
  attack: string
  hostile: readonly HostileNode[]
  ledger: SwarmLedger
}

export type FinalReport = ReturnType<typeof finalReport>

export function finalReport(parameters: FinalReportParameters) {
  const { snapshots, timings, ledger } = parameters
  const round3 = (x: number) => Math.round(x * 1000) / 1000
  const hashesByPeer: Record<string, string | undefined> = {}
  for (const snapshot of snapshots) if (snapshot.peer) hashesByPeer[snapshot.peer] = snapshot.hash
  // An attack in flight when it began may still have been committed: one round's samples at most.
  const adversaries = parameters.hostile.map(({ node, fromVersion, contributedBefore }) => ({
    node,
    peer: snapshots[node]?.peer,
    attack: parameters.attack,
    fromVersion,
    samplesAfterAttack: (snapshots[node]?.contributed ?? contributedBefore) - contributedBefore,
  }))
  return {
    rounds: parameters.rounds,
    accuracy: round3(parameters.accuracy),
    hashes: snapshots.map((s) => s.hash),
    hashesByPeer,
    msPerRound: {
      compute: round3(timings.compute),
      allreduce: round3(timings.allreduce),
      optimizer: round3(timings.optimizer),
    },
    ...(adversaries.length > 0 && { adversaries }),
    banned: [...ledger.banned].sort(),
    unitsByPeer: ledger.unitsByPeer,
  }
}

/** Whether every node joined and those the swarm did not ban ended on one hash: what a run must show to exit 0. */
export function honestAgree(report: FinalReport): boolean {
  const byPeer = Object.entries(report.hashesByPeer)
  if (byPeer.length !== report.hashes.length) return false
  const banned = new Set(report.banned)
  const honest = byPeer.filter(([peer]) => !banned.has(peer)).map(([, hash]) => hash)
  return honest.length > 0 && honest[0] !== undefined && new Set(honest).size === 1
}
