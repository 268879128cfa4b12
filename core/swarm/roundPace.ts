import type { SwarmView } from './createSwarmState.ts'
import type { VersionRecord } from './records.ts'

/** Before any round has completed: covers model warm-up (WebGPU shader compilation, wasm instantiation). */
const firstRoundMs = 60_000
const minimumTimeoutMs = 5_000
const maximumTimeoutMs = 120_000
const maximumGraceMs = 30_000

export type RoundPace = {
  /**
   * How long the leader waits for a round's reports before retrying it without the silent members: ten times
   * the median duration of recent rounds, bounded. A backstop only: the all-reduce detects dead peers itself
   * within seconds; this catches members that never start (a hung worker, a frozen tab).
   */
  timeoutMs: number
  /**
   * How long the leader holds the next round open for live peers still catching up to the latest version: one
   * median round. A state transfer costs about what a round's all-reduce does, so a peer that started syncing
   * when the version was committed makes it in time, and a stuck one costs at most one round's time.
   */
  joinGraceMs: number
}

/**
 * The swarm's measured pace, from the commit times of recent versions written by one leader (clocks differ between
 * peers).
 */
export function roundPace(state: SwarmView, latest: VersionRecord): RoundPace {
  const durations: number[] = []
  let newer: VersionRecord | undefined = latest
  for (let v = latest.version - 1; v >= Math.max(0, latest.version - 10) && newer; v--) {
    const older = state.get('versions', String(v))
    if (older && older.signer === newer.signer && newer.at >= older.at) durations.push(newer.at - older.at)
    newer = older
  }
  if (durations.length === 0) return { timeoutMs: firstRoundMs, joinGraceMs: 0 }
  durations.sort((a, b) => a - b)
  const median = durations[Math.floor(durations.length / 2)]!
  return {
    timeoutMs: Math.min(maximumTimeoutMs, Math.max(minimumTimeoutMs, 10 * median)),
    joinGraceMs: Math.min(maximumGraceMs, median),
  }
}
