// What signed swarm records cost on the main thread: sealing (digest + signature) a record, opening one never seen
// (digest + recovery), and reading one already verified (the cache), for a report record, the most frequent kind.
// Then the per-round cost of one peer of an N-member ring, from the records a round writes and reads: a member signs
// its report and verifies three records new to it (the round, the version, and the leader's report, which tells
// it who leads: leaderView.ts); the leader signs its report, the round and the version, and verifies the other
// N - 1 reports. Presence is re-signed only when a peer joins, syncs or pauses, not per round.
//
//   npx tsx bench/recordSignatures.ts

import * as Y from 'yjs'
import { createSwarmState } from '../core/swarm/createSwarmState.ts'
import { openRecord, sealRecord } from '../core/swarm/recordEnvelope.ts'
import { createKeySigner } from '../core/swarm/recordSignature.ts'
import { type ReportRecord, recordKey } from '../core/swarm/records.ts'

const swarmId = `0x${'51'.repeat(32)}` as const
const signer = createKeySigner(`0x${'11'.repeat(32)}`)
const report = (i: number): ReportRecord => ({
  version: 1 + i,
  attempt: 0,
  peer: signer.address,
  hash: `0x${'ab'.repeat(32)}`,
  loss: 2.302585 - i / 1e4,
  samples: 64,
  timings: { compute: 7.25 + i / 1e3, allreduce: 31.5, optimizer: 1.125 },
  at: 123456.789 + i,
})

/** Median over `rounds` batches of `count` calls, ms per call; every call gets a record it has not seen. */
function measure(count: number, rounds: number, run: (i: number) => void): number {
  let next = 0
  for (let i = 0; i < 100; i++) run(next++)
  const perCall: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    for (let i = 0; i < count; i++) run(next++)
    perCall.push((performance.now() - start) / count)
  }
  return perCall.sort((a, b) => a - b)[Math.floor(rounds / 2)]!
}

const sealed = Array.from({ length: 3000 }, (_, i) =>
  sealRecord(signer, swarmId, 'reports', recordKey.reports(report(i)), report(i)),
)
const sealMs = measure(300, 5, (i) =>
  sealRecord(signer, swarmId, 'reports', recordKey.reports(report(i + 5000)), report(i + 5000)),
)
const openMs = measure(300, 5, (i) => openRecord(swarmId, 'reports', recordKey.reports(sealed[i]!.r), sealed[i]))

const doc = new Y.Doc()
const state = createSwarmState(doc, { swarmId, signer })
state.put('reports', report(0))
const key = recordKey.reports(report(0))
const cachedMs = measure(20_000, 5, () => state.stored('reports', key))

// Baseline, same run: the same record written to and read back from a Y.Map with no envelope or signature.
const plainMap = new Y.Doc().getMap<unknown>('reports')
const plainMs = measure(300, 5, (i) => {
  const record = report(i + 9000)
  plainMap.set(recordKey.reports(record), record)
  plainMap.get(recordKey.reports(record))
})

const perRound = (members: number, leader: boolean) =>
  leader ? 3 * sealMs + (members - 1) * openMs : sealMs + 3 * openMs
const figures = {
  sealMs: +sealMs.toFixed(3),
  openUncachedMs: +openMs.toFixed(3),
  readCachedMicros: +(cachedMs * 1000).toFixed(2),
  perRoundMemberMs: +perRound(8, false).toFixed(1),
  perRoundLeaderMs: Object.fromEntries([2, 4, 8, 16].map((n) => [n, +perRound(n, true).toFixed(1)])),
  plainWriteReadMs: +plainMs.toFixed(4),
  /** What signing adds to a record's write and first read, as a multiple of the unsigned write and read. */
  signedOverPlain: +((sealMs + openMs) / plainMs).toFixed(0),
}
console.log(
  `seal ${figures.sealMs} ms, first open ${figures.openUncachedMs} ms, cached read ${figures.readCachedMicros} µs; ` +
    `unsigned write+read ${figures.plainWriteReadMs} ms: ` +
    `signing costs ${figures.signedOverPlain}× the unsigned record`,
)
console.log(JSON.stringify(figures))
