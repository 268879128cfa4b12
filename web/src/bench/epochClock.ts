// One clock for every page of the bench: epoch milliseconds with sub-millisecond resolution. Pages of one
// machine agree on it, so the driver can schedule every page's start at one instant and compare end times.

export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/** Resolves at `at` (epoch ms), or at once if it has passed; returns when it actually woke. */
export function waitUntil(at: number): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(epochNow()), Math.max(0, at - epochNow())))
}
