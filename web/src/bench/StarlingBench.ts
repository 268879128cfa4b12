// The page–driver boundary of the all-reduce bench (web/bench.html, driven by bench/allreduce.ts through
// Playwright). Plain data only: everything crosses page.evaluate as structured clones. Times are epoch ms
// (performance.timeOrigin + performance.now()), which agree across the pages of one machine, so the driver can
// start every page at one instant and read when each finished.

import type { Aggregator, Codec } from '../../../core/manifest/Manifest.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'

export type BenchJoinOptions = {
  /** Signaling topic of this group of pages; a fresh one per group. */
  topic: string
  /** Pages in the group, this one included; join resolves once links to all the others are up. */
  peers: number
  /** All-reduce frame size, the same on every page (a protocol parameter). */
  frameBytes: number
  timeoutMs: number
}

export type BenchLink = { from: PeerId; to: PeerId }

/**
 * `raw`: our negotiated RTCDataChannel; `simple-peer`: simple-peer's stream (`write`, its own channel and
 * back-pressure).
 */
export type TransferPath = 'raw' | 'simple-peer'

export type TransferOptions = {
  path: TransferPath
  /** Every link that starts on this page sends, every link that ends on it receives; others are ignored. */
  links: BenchLink[]
  bytes: number
  messageBytes: number
  /** Raw path only: bufferedAmount above which the sender waits for bufferedamountlow. */
  highWaterBytes: number
  startAt: number
}

/** Per link ending here, when its last byte arrived. */
export type TransferResult = { received: { from: PeerId; at: number }[] }

export type AllReduceOptions = {
  members: PeerId[]
  codec: Codec
  /** Default `sum`; the bench runs `centered-clip` with fp32 only. */
  aggregator?: Aggregator
  values: number
  round: number
  startAt: number
  /** Also compare the result with a float64 reference sum (costs a few hundred ms after the timing). */
  verify: boolean
}

export type AllReduceResult = {
  startedAt: number
  endedAt: number
  /** FNV-1a of the result's bits: equal on every member, or the all-reduce is broken. */
  checksum: number
  /** max |result − reference| / max |reference|, when verified. */
  relativeError: number | undefined
  /** The all-reduce's error message if it failed (the bench counts failures instead of stopping). */
  failure: string | undefined
  /** Longest stretch this page's main thread ran no timer during the all-reduce. */
  maxLoopGapMs: number
}

export type StarlingBench = {
  join(options: BenchJoinOptions): Promise<PeerId>
  transfer(options: TransferOptions): Promise<TransferResult>
  allReduce(options: AllReduceOptions): Promise<AllReduceResult>
  /** Peers whose link is up (a dropped link comes back once the mesh reconnects). */
  linked(): number
  leave(): void
}

declare global {
  interface Window {
    starlingBench?: StarlingBench
  }
}
