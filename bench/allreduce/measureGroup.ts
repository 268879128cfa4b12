// One measurement on a bench group: every page starts at one scheduled instant (epoch ms, shared by the pages of
// one machine) and the time runs to the last page's end. The browser's CPU seconds over the same span are taken
// from /proc, so runs can be compared per MiB however loaded the machine was.

import type { Aggregator, Codec } from '../../core/manifest/Manifest.ts'
import type { AllReduceResult, BenchLink, TransferOptions } from '../../web/src/bench/StarlingBench.ts'
import { BenchFailedError, withTimeout } from './BenchFailedError.ts'
import { cpuBetween, sampleCpu } from './cpuSeconds.ts'
import type { BenchGroup } from './openBenchGroup.ts'

/** Far enough ahead that every page has the call before the instant, even on a loaded machine. */
const startMarginMs = 500
const measureTimeoutMs = 180_000

export type Measured = { seconds: number; browserCpuSeconds: number; otherCores: number }
export type AllReduceMeasured =
  (Measured & { relativeError: number | undefined; maxLoopGapMs: number }) | { failure: string; maxLoopGapMs: number }

export type TransferParameters = Pick<TransferOptions, 'path' | 'bytes' | 'messageBytes' | 'highWaterBytes'> & {
  links: BenchLink[]
}

export async function measureTransfer(group: BenchGroup, parameters: TransferParameters): Promise<Measured> {
  const options: TransferOptions = { ...parameters, startAt: Date.now() + startMarginMs }
  const cpu = sampleCpu()
  const results = await withTimeout(
    `${options.path} transfer`,
    measureTimeoutMs,
    Promise.all(group.pages.map((page) => page.evaluate((o) => window.starlingBench!.transfer(o), options))),
  )
  const { browserSeconds, otherCores } = cpuBetween(cpu, sampleCpu())
  const arrivals = results.flatMap((result) => result.received.map((r) => r.at))
  if (arrivals.length !== options.links.length)
    throw new BenchFailedError(`${arrivals.length} of ${options.links.length} links reported`)
  return { seconds: (Math.max(...arrivals) - options.startAt) / 1000, browserCpuSeconds: browserSeconds, otherCores }
}

/** Also checks that every member holds the same bits; a failed attempt is returned, not thrown (it is counted). */
export async function measureAllReduce(
  group: BenchGroup,
  codec: Codec,
  values: number,
  round: number,
  verify: boolean,
  aggregator: Aggregator = 'sum',
): Promise<AllReduceMeasured> {
  const options = {
    members: group.members,
    codec,
    aggregator,
    values,
    round,
    startAt: Date.now() + startMarginMs,
    verify,
  }
  const cpu = sampleCpu()
  const results: AllReduceResult[] = await withTimeout(
    `${codec} ${aggregator} all-reduce`,
    measureTimeoutMs,
    Promise.all(group.pages.map((page) => page.evaluate((o) => window.starlingBench!.allReduce(o), options))),
  )
  const { browserSeconds, otherCores } = cpuBetween(cpu, sampleCpu())
  const maxLoopGapMs = Math.max(...results.map((r) => r.maxLoopGapMs))
  const failure = results.find((r) => r.failure !== undefined)?.failure
  if (failure !== undefined) return { failure, maxLoopGapMs }
  if (new Set(results.map((r) => r.checksum)).size !== 1)
    throw new BenchFailedError(`${codec} results differ between members`, results.map((r) => r.checksum).join(' '))
  const seconds = (Math.max(...results.map((r) => r.endedAt)) - options.startAt) / 1000
  return {
    seconds,
    browserCpuSeconds: browserSeconds,
    otherCores,
    relativeError: results[0]!.relativeError,
    maxLoopGapMs,
  }
}
