import type { SwarmState } from './createSwarmState.ts'
import type { VersionRecord } from './records.ts'

/** Before any round has completed: covers model warm-up (WebGPU shader compilation, wasm instantiation). */
const firstRoundMs = 60_000
const minimumMs = 5_000
const maximumMs = 120_000

/**
 * How long the leader waits for a round's reports before retrying it without the silent members: ten times
 * the median duration of recent rounds, bounded. A backstop only: the all-reduce detects dead peers itself
 * within seconds; this catches members that never start (a hung worker, a frozen tab).
 */
export function roundTimeout(state: SwarmState, latest: VersionRecord): number {
  const durations: number[] = []
  let newer: VersionRecord | undefined = latest
  for (let v = latest.version - 1; v >= Math.max(0, latest.version - 10) && newer; v--) {
    const older = state.get('versions', String(v))
    if (older && newer.at >= older.at) durations.push(newer.at - older.at)
    newer = older
  }
  if (durations.length === 0) return firstRoundMs
  durations.sort((a, b) => a - b)
  const median = durations[Math.floor(durations.length / 2)]!
  return Math.min(maximumMs, Math.max(minimumMs, 10 * median))
}
