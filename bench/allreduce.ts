// All-reduce benchmark: real headless Chromium volunteers (one browser context each, one Chromium process) run
// the app's bench page (web/bench.html: our createMesh, createChannelTransport, createAllReduceEndpoint) over
// real WebRTC. For each group size N, in the same run with the same pages, interleaved and repeated:
//   raw ring   every member streams the all-reduce's per-link bytes, 2(N−1)/N · payload, to its successor on a
//              raw RTCDataChannel, all links at once (all peers share the machine's cores, so the links compete
//              as the ring's do): the physical limit the all-reduce is compared with
//   raw link   the same bytes on one link alone; `simple-peer` the same through simple-peer's stream
//   all-reduce fp32 / fp16 / int8 of the payload; bus bandwidth 2(N−1)/N · fp32 bytes / time, so for the lossy
//              codecs it is the fp32-equivalent bandwidth; and the training page's 407 KB gradient, in ms, beside
//              a raw ring moving the same bytes per link
//   robust     fp32 with aggregator centered-clip (core/allreduce/robust): the same bytes per member over all N−1
//              links at once, the owners' commitment checks and CenteredClip included; its bus bandwidth counts
//              the same 2(N−1)/N · fp32 bytes, so it compares directly with the ring's fp32 row
// Medians over the repeats; the ratios are medians of per-repeat ratios of back-to-back runs.
// Run: scripts/in-netns.sh npx tsx bench/allreduce.ts (npm run bench:allreduce)
//   [--members 2,3,4] [--repeats 5] [--mib 16] [--frame-bytes N] [--high-water N]
// Last stdout line: one JSON object with the figures.

import { parseArgs } from 'node:util'
import { type Aggregator, type Codec, codecs } from '../core/manifest/Manifest.ts'
import { bulkFrameBytes, highWaterBytes } from '../web/src/net/bulkChannel.ts'
import { launchChromium } from '../nodes/launchChromium.ts'
import { BenchFailedError } from './allreduce/BenchFailedError.ts'
import {
  type AllReduceMeasured,
  measureAllReduce,
  measureTransfer,
  type Measured,
  type TransferParameters,
} from './allreduce/measureGroup.ts'
import { type BenchGroup, openBenchGroup } from './allreduce/openBenchGroup.ts'
import { startBenchServers } from './allreduce/startBenchServers.ts'

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '2,3,4' },
    repeats: { type: 'string', default: '5' },
    mib: { type: 'string', default: '16' },
    'frame-bytes': { type: 'string', default: String(bulkFrameBytes) },
    'high-water': { type: 'string', default: String(highWaterBytes) },
  },
})
const sizes = args.members.split(',').map(Number)
const repeats = Number(args.repeats)
const payloadBytes = Number(args.mib) * 1048576
const frameBytes = Number(args['frame-bytes'])
/** Raw sends wait for bufferedamountlow above this, as createChannelTransport does. */
const rawHighWaterBytes = Number(args['high-water'])
/** The training page's gradient (mnist-mlp, 101,770 parameters): a latency figure rather than a bandwidth one. */
const gradientValues = 101_770
const rawMessageBytes = 262_144
const mib = (bytes: number) => bytes / 1048576
const median = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
const round = (x: number, digits = 2) => Number(x.toFixed(digits))

type Series = { mibps: number[]; cpuMsPerMiB: number[] }
const series = (): Series => ({ mibps: [], cpuMsPerMiB: [] })
/** MiB/s of one link, and browser CPU ms per MiB moved over all `links`. */
const add = (into: Series, measured: Measured, linkBytes: number, links: number) => {
  into.mibps.push(mib(linkBytes) / measured.seconds)
  into.cpuMsPerMiB.push((measured.browserCpuSeconds * 1000) / (mib(linkBytes) * links))
}

type Samples = {
  fp32OverRawRing: number[]
  robustOverFp32: number[]
  robust: Series
  robustGradientMs: number[]
  int8OverFp32: number[]
  rawRing: Series
  rawLink: Series
  simplePeer: Series
  bus: Record<Codec, Series>
  gradientMs: number[]
  rawGradientMs: number[]
  relativeError: Partial<Record<Codec, number>>
  failures: string[]
  maxLoopGapMs: number
  otherCores: number[]
}

let nextRound = 1

async function measure(group: BenchGroup): Promise<Samples> {
  const n = group.size
  const perLink = Math.round(((2 * (n - 1)) / n) * payloadBytes)
  const gradientPerLink = Math.round(((2 * (n - 1)) / n) * gradientValues * 4)
  const ring = group.members.map((from, i) => ({ from, to: group.members[(i + 1) % n]! }))
  const raw = { path: 'raw' as const, bytes: perLink, messageBytes: rawMessageBytes, highWaterBytes: rawHighWaterBytes }
  const s: Samples = {
    fp32OverRawRing: [],
    robustOverFp32: [],
    robust: series(),
    robustGradientMs: [],
    int8OverFp32: [],
    rawRing: series(),
    rawLink: series(),
    simplePeer: series(),
    bus: { fp32: series(), fp16: series(), int8: series() },
    gradientMs: [],
    rawGradientMs: [],
    relativeError: {},
    failures: [],
    maxLoopGapMs: 0,
    otherCores: [],
  }
  // A failed run (an aborted attempt, a link the mesh dropped) is counted, not fatal: the group waits until the
  // mesh is whole again and goes on. Timeouts and differing results (BenchFailedError) end the bench.
  const failed = async (what: string, text: string) => {
    s.failures.push(`${what}: ${text.split('\n').join(' ')}`)
    console.error(`  ${s.failures.at(-1)}`)
    await group.whole()
  }
  const transfer = async (what: string, parameters: TransferParameters): Promise<Measured | undefined> => {
    try {
      return await measureTransfer(group, parameters)
    } catch (error) {
      if (error instanceof BenchFailedError) throw error
      return void (await failed(what, (error as Error).message))
    }
  }
  const allReduce = async (
    codec: Codec,
    values: number,
    verify: boolean,
    aggregator: Aggregator = 'sum',
  ): Promise<(Measured & { relativeError: number | undefined }) | undefined> => {
    const run: AllReduceMeasured = await measureAllReduce(group, codec, values, nextRound++, verify, aggregator)
    s.maxLoopGapMs = Math.max(s.maxLoopGapMs, run.maxLoopGapMs)
    if ('failure' in run)
      return void (await failed(`${codec} ${aggregator} all-reduce of ${values} values`, run.failure))
    s.otherCores.push(run.otherCores)
    return run
  }
  const addIf = (into: Series, measured: Measured | undefined, links: number) =>
    measured && add(into, measured, perLink, links)
  // Warm-up, not counted: a fresh SCTP association loses packets and stalls for seconds in its first large
  // transfer (bench/README.md), and the engine's code is not yet optimized.
  for (const bytes of [1 << 20, 4 << 20, perLink]) await transfer('warm-up', { ...raw, bytes, links: ring })
  for (const codec of codecs) await allReduce(codec, payloadBytes / 4, false)
  await allReduce('fp32', payloadBytes / 4, false, 'centered-clip')
  for (let r = 0; r < repeats; r++) {
    const rawRing = await transfer('raw ring', { ...raw, links: ring })
    addIf(s.rawRing, rawRing, n)
    const seconds: Partial<Record<Codec, number>> = {}
    for (const codec of codecs) {
      const run = await allReduce(codec, payloadBytes / 4, r === 0)
      addIf(s.bus[codec], run, n)
      seconds[codec] = run?.seconds
      if (run?.relativeError !== undefined) s.relativeError[codec] = run.relativeError
    }
    const robust = await allReduce('fp32', payloadBytes / 4, false, 'centered-clip')
    addIf(s.robust, robust, n)
    // Ratios of runs measured back to back: the shared machine's speed drifts between repeats.
    if (rawRing && seconds.fp32 !== undefined) s.fp32OverRawRing.push(rawRing.seconds / seconds.fp32)
    if (robust && seconds.fp32 !== undefined) s.robustOverFp32.push(seconds.fp32 / robust.seconds)
    if (seconds.fp32 !== undefined && seconds.int8 !== undefined) s.int8OverFp32.push(seconds.fp32 / seconds.int8)
    addIf(s.rawLink, await transfer('raw link', { ...raw, links: ring.slice(0, 1) }), 1)
    addIf(s.simplePeer, await transfer('simple-peer link', { ...raw, path: 'simple-peer', links: ring.slice(0, 1) }), 1)
    for (let i = 0; i < 3; i++) {
      const run = await allReduce('fp32', gradientValues, false)
      if (run) s.gradientMs.push(run.seconds * 1000)
      const rawRun = await transfer('raw ring (gradient bytes)', {
        ...raw,
        bytes: gradientPerLink,
        messageBytes: frameBytes,
        links: ring,
      })
      if (rawRun) s.rawGradientMs.push(rawRun.seconds * 1000)
      const robustRun = await allReduce('fp32', gradientValues, false, 'centered-clip')
      if (robustRun) s.robustGradientMs.push(robustRun.seconds * 1000)
    }
    console.error(
      `  N=${n} repeat ${r + 1}: raw ring ${round(s.rawRing.mibps.at(-1) ?? Number.NaN)} MiB/s; ` +
        `fp32 ${round(s.bus.fp32.mibps.at(-1) ?? Number.NaN)}, ` +
        `int8 ${round(s.bus.int8.mibps.at(-1) ?? Number.NaN)}, ` +
        `robust fp32 ${round(s.robust.mibps.at(-1) ?? Number.NaN)} (last runs)`,
    )
  }
  return s
}

function summarize(members: number, s: Samples) {
  const m = (x: Series) => round(median(x.mibps))
  const cpu = (x: Series) => round(median(x.cpuMsPerMiB), 1)
  return {
    members,
    rawRingMiBps: m(s.rawRing),
    rawLinkMiBps: m(s.rawLink),
    simplePeerLinkMiBps: m(s.simplePeer),
    fp32BusMiBps: m(s.bus.fp32),
    fp32OverRawRing: round(median(s.fp32OverRawRing), 3),
    fp16Fp32EquivalentMiBps: m(s.bus.fp16),
    int8Fp32EquivalentMiBps: m(s.bus.int8),
    int8OverFp32: round(median(s.int8OverFp32)),
    gradientFp32Ms: round(median(s.gradientMs), 1),
    gradientRawRingMs: round(median(s.rawGradientMs), 1),
    robustFp32BusMiBps: m(s.robust),
    robustOverFp32: round(median(s.robustOverFp32), 3),
    gradientRobustFp32Ms: round(median(s.robustGradientMs), 1),
    browserCpuMsPerMiB: {
      rawRing: cpu(s.rawRing),
      rawLink: cpu(s.rawLink),
      simplePeerLink: cpu(s.simplePeer),
      fp32: cpu(s.bus.fp32),
      fp16: cpu(s.bus.fp16),
      int8: cpu(s.bus.int8),
      robustFp32: cpu(s.robust),
    },
    relativeError: Object.fromEntries(
      codecs.map((codec) => [codec, Number((s.relativeError[codec] ?? Number.NaN).toPrecision(2))]),
    ),
    failures: s.failures.length,
    maxLoopGapMs: Math.round(s.maxLoopGapMs),
    otherJobsCores: round(median(s.otherCores), 1),
  }
}

async function main() {
  if (process.env.STARLING_NETNS !== 'inside' && process.env.STARLING_NETNS !== 'off')
    throw new BenchFailedError(
      'browser peers must run in a private network namespace',
      'run it as scripts/in-netns.sh npx tsx bench/allreduce.ts (npm run bench:allreduce)',
    )
  const servers = await startBenchServers()
  const browser = await launchChromium()
  try {
    const results = []
    for (const size of sizes) {
      console.error(`N=${size}: opening ${size} pages`)
      const group = await openBenchGroup(browser, servers.webUrl, size, frameBytes)
      try {
        results.push(summarize(size, await measure(group)))
      } finally {
        await group.close()
      }
    }
    console.log(
      '\n| N | raw ring MiB/s | raw link alone | simple-peer link | fp32 bus MiB/s | ' +
        'fp32 / raw ring | fp16 fp32-eq. | int8 fp32-eq. | int8 / fp32 | ' +
        '407 KB fp32 ms | 407 KB raw ring ms | robust fp32 bus MiB/s | robust / ring fp32 | 407 KB robust ms | ' +
        'failed |',
    )
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for (const r of results)
      console.log(
        `| ${r.members} | ${r.rawRingMiBps} | ${r.rawLinkMiBps} | ${r.simplePeerLinkMiBps} | ${r.fp32BusMiBps} | ` +
          `${r.fp32OverRawRing} | ${r.fp16Fp32EquivalentMiBps} | ${r.int8Fp32EquivalentMiBps} | ${r.int8OverFp32} | ` +
          `${r.gradientFp32Ms} | ${r.gradientRawRingMs} | ${r.robustFp32BusMiBps} | ${r.robustOverFp32} | ` +
          `${r.gradientRobustFp32Ms} | ${r.failures} |`,
      )
    console.log(JSON.stringify({ payloadBytes, frameBytes, rawMessageBytes, rawHighWaterBytes, repeats, results }))
  } finally {
    await browser.close()
    await servers.stop()
  }
}

await main()
