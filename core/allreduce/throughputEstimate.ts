// Per-link throughput, measured: every wait of the all-reduce is derived from it (livenessLimits.ts) instead of
// a guessed constant. A session reports the bytes it received from a peer over the span they took to arrive;
// the span includes the time the peer waited on its own predecessor, so the estimate errs low, which only
// lengthens timeouts.

/**
 * Before anything is measured: 1 MiB/s, far under the 20–40 MiB/s a browser channel moves (docs/architecture.md
 * §9).
 */
export const priorBytesPerMs = 1048.576

/** Shorter spans say more about scheduling than about the link. */
const minimumSpanMs = 50

export type ThroughputEstimate = {
  bytesPerMs(): number
  observe(bytes: number, ms: number): void
}

export function createThroughputEstimate(prior = priorBytesPerMs): ThroughputEstimate {
  let rate = prior
  let measured = false
  return {
    bytesPerMs: () => rate,
    observe(bytes, ms) {
      if (ms < minimumSpanMs || bytes <= 0) return
      const sample = bytes / ms
      // The first measurement replaces the prior; later ones move the estimate halfway, so one odd round
      // (a peer paused by a busy tab) neither dominates nor is ignored.
      rate = measured ? (rate + sample) / 2 : sample
      measured = true
    },
  }
}
