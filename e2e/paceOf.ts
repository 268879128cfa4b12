// Waits that depend on training speed, derived from the speed measured in this run rather than hand-picked: a test
// first measures the ms per version of a few rounds (under fixed, generous ceilings: nothing is known yet), then
// gives each later wait a generous multiple of that pace, never less than a floor. Fixed ceilings remain only for
// what training speed does not govern (browser start, model load, signaling) and as the test's overall timeout.
import type { SwarmWatch } from '../nodes/watchSwarm.ts'

export type WaitOptions = { timeoutMs: number; stallMs: number; what: string }

export type Pace = {
  /** Measured wall-clock ms per version every node reached. */
  readonly msPerVersion: number
  /**
   * Options for `watch.until` that expects `versions` more versions: `stallFactor` versions' time (at least
   * `stallFloorMs`) without any node advancing, `timeoutFactor` times the expected time plus that stall allowance
   * overall. `extraMs` adds time that is not training (e.g. a new page loading its model).
   */
  wait(versions: number, what: string, extraMs?: number): WaitOptions
}

/** Generous on purpose: a failed attempt, its detection (≤ 3 s) and a retry or a state sync fit many times over. */
const timeoutFactor = 5
const stallFactor = 15
const stallFloorMs = 20_000
/** Measuring: at most this long for the first `versions` (a 2-core machine shared with other work is slow). */
const measureTimeoutMs = 180_000
const measureStallMs = 60_000

/** Waits for `versions` more versions on every node and returns the pace they took. */
export async function paceOf(watch: SwarmWatch, versions = 4): Promise<Pace> {
  const from = { at: Date.now(), version: watch.minVersion }
  await watch.until(() => watch.minVersion >= from.version + versions, {
    timeoutMs: measureTimeoutMs,
    stallMs: measureStallMs,
    what: `${versions} versions to measure the pace`,
  })
  const msPerVersion = (Date.now() - from.at) / (watch.minVersion - from.version)
  console.log(`pace: ${Math.round(msPerVersion)} ms per version`)
  return {
    msPerVersion,
    wait(more, what, extraMs = 0) {
      const stallMs = Math.max(stallFloorMs, stallFactor * msPerVersion) + extraMs
      return { timeoutMs: Math.ceil(timeoutFactor * more * msPerVersion + stallMs), stallMs: Math.ceil(stallMs), what }
    },
  }
}
