// Time as core sees it (all-reduce, swarm coordination, state sync): injected, so tests drive a virtual clock
// and core/ never touches real timers.

export interface Clock {
  /** Milliseconds on a monotonic scale (performance.now() in browsers). */
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}
