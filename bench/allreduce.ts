// All-reduce benchmark: real headless Chromium volunteers (one browser context each, one Chromium process) run
// the app's bench page (web/bench.html: our createMesh, createChannelTransport, createAllReduceEndpoint) over
// real WebRTC. For each group size N, in the same run with the same pages, interleaved and repeated:
//   raw ring   every member streams the all-reduce's per-link bytes, 2(N−1)/N · payload, to its successor on a
//              raw RTCDataChannel at once (all peers share the machine's 2 cores, so the links compete as the
//              ring's do): the physical limit the all-reduce is compared with
//   raw link   the same bytes on one link alone; `simple-peer` the same through simple-peer's stream
//   all-reduce fp32 / fp16 / int8 of the payload; bus bandwidth 2(N−1)/N · fp32 bytes / time, so for the lossy
//              codecs it is the fp32-equivalent bandwidth
// Times run from one scheduled start instant (epoch ms, shared by every page) to the last member's end.
// Run: scripts/in-netns.sh npx tsx bench/allreduce.ts [--members 2,3,4] [--repeats 5] [--mib 16] [--frame-bytes N]
// (npm run bench:allreduce). Last stdout line: one JSON object with the medians.

import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { codecs, type Codec } from '../core/manifest/Manifest.ts'
import { BaseError } from '../core/errors/BaseError.ts'
import { launchChromium, newVolunteerContext } from '../scripts/browser/launchChromium.ts'
import { type Stack, startStack } from '../scripts/stack/startStack.ts'
import type { AllReduceResult, BenchLink, PeerId, TransferOptions, TransferResult } from '../web/src/bench/StarlingBench.ts'

class BenchFailedError extends BaseError {
  override name = 'BenchFailedError' as const
  constructor(what: string, details?: string) {
    super(`The all-reduce bench failed: ${what}.`, { details })
  }
}

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '2,3,4' },
    repeats: { type: 'string', default: '5' },
    mib: { type: 'string', default: '16' },
    'frame-bytes': { type: 'string', default: '65536' },
    'high-water': { type: 'string', default: String(4 * 1048576) },
  },
})
const sizes = args.members.split(',').map(Number)
const repeats = Number(args.repeats)
const payloadBytes = Number(args.mib) * 1048576
const frameBytes = Number(args['frame-bytes'])
const highWaterBytes = Number(args['high-water'])
/** The training page's gradient (mnist-mlp, 101,770 parameters): latency rather than bandwidth. */
const gradientValues = 101_770
const rawMessageBytes = 262_144
/** Far enough ahead that every page has the call before the instant, even on a loaded machine. */
const startMarginMs = 400
const mib = (bytes: number) => bytes / 1048576
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
const round = (x: number, digits = 2) => Number(x.toFixed(digits))

type Group = { size: number; pages: Page[]; members: PeerId[]; close(): Promise<void> }

async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new BenchFailedError(`${what} took over ${ms} ms`)), ms)))
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Other jobs may be rebuilding dist/web (e2e setup, npm start): a page that loaded during it is retried. */
async function load(page: Page, url: string) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(url)
    if (await page.waitForFunction(() => window.starlingBench !== undefined, undefined, { timeout: 5_000 }).then(() => true, () => false)) return
    if (attempt === 5) throw new BenchFailedError(`${url} did not load the bench page`)
    await new Promise((resolve) => setTimeout(resolve, 3_000))
  }
}

async function openGroup(browser: Browser, stack: Stack, size: number): Promise<Group> {
  const contexts = await Promise.all(Array.from({ length: size }, () => newVolunteerContext(browser)))
  const close = async () => void (await Promise.all(contexts.map((context) => context.close())))
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()))
    for (const [i, page] of pages.entries()) {
      page.on('pageerror', (error) => console.error(`page ${i}: ${error.message}`))
      page.on('console', (message) => message.type() !== 'log' && console.error(`page ${i} ${message.type()}: ${message.text()}`))
    }
    await Promise.all(pages.map((page) => load(page, `${stack.webUrl}/bench.html`)))
    const join = { topic: `bench-allreduce/${size}/${Date.now()}`, peers: size, frameBytes, timeoutMs: 30_000 }
    const ids = await withTimeout('joining', 40_000, Promise.all(pages.map((page) => page.evaluate((o) => window.starlingBench!.join(o), join))))
    // Ring order is sorted peer ids; pages are kept in that order so that pages[i] is members[i].
    const members = [...ids].sort()
    return { size, pages: members.map((id) => pages[ids.indexOf(id)]!), members, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Seconds from the shared start to the last link's last byte. */
async function transfer(group: Group, path: TransferOptions['path'], links: BenchLink[], bytes: number): Promise<number> {
  const options: TransferOptions = { path, links, bytes, messageBytes: rawMessageBytes, highWaterBytes, startAt: Date.now() + startMarginMs }
  const results = await withTimeout(`${path} transfer`, 120_000, Promise.all(group.pages.map((page) => page.evaluate((o) => window.starlingBench!.transfer(o), options))))
  const arrivals = results.flatMap((result: TransferResult) => result.received.map((r) => r.at))
  if (arrivals.length !== links.length) throw new BenchFailedError(`${arrivals.length} of ${links.length} links reported`)
  return (Math.max(...arrivals) - options.startAt) / 1000
}

let nextRound = 1
type AllReduceRun = { seconds: number; error: number | undefined; maxLoopGapMs: number } | { failure: string }

/** Seconds from the shared start to the last member's result; checks that every member holds the same bits. */
async function allReduce(group: Group, codec: Codec, values: number, verify: boolean): Promise<AllReduceRun> {
  const options = { members: group.members, codec, values, round: nextRound++, startAt: Date.now() + startMarginMs, verify }
  const results: AllReduceResult[] = await withTimeout(`${codec} all-reduce`, 120_000, Promise.all(group.pages.map((page) => page.evaluate((o) => window.starlingBench!.allReduce(o), options))))
  const maxLoopGapMs = Math.max(...results.map((r) => r.maxLoopGapMs))
  const failure = results.find((r) => r.failure !== undefined)?.failure
  if (failure !== undefined) {
    console.error(`  ${codec} all-reduce of ${values} values failed (longest main-thread stall ${maxLoopGapMs.toFixed(0)} ms): ${failure.split('\n').join(' ')}`)
    return { failure }
  }
  if (new Set(results.map((r) => r.checksum)).size !== 1) throw new BenchFailedError(`${codec} results differ between members`, results.map((r) => r.checksum).join(' '))
  const late = Math.max(...results.map((r) => r.startedAt)) - options.startAt
  if (late > 50) console.error(`  (a member started ${late.toFixed(0)} ms late: the machine is loaded)`)
  return { seconds: (Math.max(...results.map((r) => r.endedAt)) - options.startAt) / 1000, error: results[0]!.relativeError, maxLoopGapMs }
}

type Samples = { rawRing: number[]; rawLink: number[]; simplePeer: number[]; bus: Record<Codec, number[]>; gradientMs: number[]; error: Partial<Record<Codec, number>>; failures: number; maxLoopGapMs: number }

async function measure(group: Group): Promise<Samples> {
  const n = group.size
  const perLink = Math.round(((2 * (n - 1)) / n) * payloadBytes)
  const ring = group.members.map((from, i) => ({ from, to: group.members[(i + 1) % n]! }))
  const one = [ring[0]!]
  const samples: Samples = { rawRing: [], rawLink: [], simplePeer: [], bus: { fp32: [], fp16: [], int8: [] }, gradientMs: [], error: {}, failures: 0, maxLoopGapMs: 0 }
  // Warm-up, not counted: a fresh SCTP association starts slowly, and the engine's code is not yet optimized.
  await transfer(group, 'raw', ring, perLink)
  for (const codec of codecs) await allReduce(group, codec, payloadBytes / 4, false)
  for (let r = 0; r < repeats; r++) {
    samples.rawRing.push(mib(perLink) / (await transfer(group, 'raw', ring, perLink)))
    for (const codec of codecs) {
      const run = await allReduce(group, codec, payloadBytes / 4, r === 0)
      if ('failure' in run) {
        samples.failures++
        continue
      }
      samples.bus[codec].push(mib(perLink) / run.seconds)
      samples.maxLoopGapMs = Math.max(samples.maxLoopGapMs, run.maxLoopGapMs)
      if (run.error !== undefined) samples.error[codec] = run.error
    }
    samples.rawLink.push(mib(perLink) / (await transfer(group, 'raw', one, perLink)))
    samples.simplePeer.push(mib(perLink) / (await transfer(group, 'simple-peer', one, perLink)))
    for (let i = 0; i < 4; i++) {
      const run = await allReduce(group, 'fp32', gradientValues, false)
      if ('failure' in run) samples.failures++
      else samples.gradientMs.push(run.seconds * 1000)
    }
    console.error(`  N=${n} repeat ${r + 1}: raw ring ${samples.rawRing.at(-1)?.toFixed(1)} MiB/s, fp32 ${samples.bus.fp32.at(-1)?.toFixed(1)}, int8 ${samples.bus.int8.at(-1)?.toFixed(1)}`)
  }
  return samples
}

function summarize(size: number, s: Samples) {
  const rawRingMiBps = median(s.rawRing)
  const fp32BusMiBps = median(s.bus.fp32)
  return {
    members: size,
    rawRingMiBps: round(rawRingMiBps),
    rawLinkMiBps: round(median(s.rawLink)),
    simplePeerLinkMiBps: round(median(s.simplePeer)),
    fp32BusMiBps: round(fp32BusMiBps),
    fp32Ratio: round(fp32BusMiBps / rawRingMiBps, 3),
    fp16Fp32EquivalentMiBps: round(median(s.bus.fp16)),
    int8Fp32EquivalentMiBps: round(median(s.bus.int8)),
    int8OverFp32: round(median(s.bus.int8) / fp32BusMiBps, 2),
    gradientFp32Ms: round(median(s.gradientMs), 1),
    failures: s.failures,
    maxLoopGapMs: round(s.maxLoopGapMs, 0),
    relativeError: Object.fromEntries(codecs.map((codec) => [codec, Number((s.error[codec] ?? Number.NaN).toPrecision(2))])),
    range: { rawRing: [round(Math.min(...s.rawRing)), round(Math.max(...s.rawRing))], fp32: [round(Math.min(...s.bus.fp32)), round(Math.max(...s.bus.fp32))], int8: [round(Math.min(...s.bus.int8)), round(Math.max(...s.bus.int8))] },
  }
}

async function main() {
  if (process.env.STARLING_NETNS !== 'inside' && process.env.STARLING_NETNS !== 'off') throw new BenchFailedError('browser peers must run in a private network namespace', 'run it as scripts/in-netns.sh npx tsx bench/allreduce.ts (npm run bench:allreduce)')
  const stack = await startStack()
  const browser = await launchChromium()
  try {
    const results = []
    for (const size of sizes) {
      console.error(`N=${size}: opening ${size} pages`)
      const group = await openGroup(browser, stack, size)
      try {
        results.push(summarize(size, await measure(group)))
      } finally {
        await group.close()
      }
    }
    console.log('\n| N | raw ring MiB/s | raw link | simple-peer link | fp32 bus MiB/s | fp32 / raw ring | fp16 fp32-eq. | int8 fp32-eq. | int8 / fp32 | 407 KB fp32 ms |')
    console.log('|---|---|---|---|---|---|---|---|---|---|')
    for (const r of results) console.log(`| ${r.members} | ${r.rawRingMiBps} | ${r.rawLinkMiBps} | ${r.simplePeerLinkMiBps} | ${r.fp32BusMiBps} | ${r.fp32Ratio} | ${r.fp16Fp32EquivalentMiBps} | ${r.int8Fp32EquivalentMiBps} | ${r.int8OverFp32} | ${r.gradientFp32Ms} |`)
    console.log(JSON.stringify({ payloadBytes, frameBytes, rawMessageBytes, highWaterBytes, repeats, results }))
  } finally {
    await browser.close()
    await stack.stop()
  }
}

await main()
