// Token bucket: `burst` tokens, refilled continuously at `perSecond`. One bucket per connection; each
// incoming message takes one token. Refill is computed lazily from the clock, so an idle connection costs
// no timer.

export type TokenBucketParameters = {
  perSecond: number
  burst: number
  /** Milliseconds; injectable so tests need no real time. */
  now?: () => number
}

export type TokenBucket = {
  /** Takes one token if there is one; false means the caller is over its rate. */
  take(): boolean
  /** Tokens available now (for tests and diagnostics). */
  available(): number
}

export function createTokenBucket({
  perSecond,
  burst,
  now = performance.now.bind(performance),
}: TokenBucketParameters): TokenBucket {
  let tokens = burst
  let last = now()
  const refill = () => {
    const t = now()
    tokens = Math.min(burst, tokens + ((t - last) * perSecond) / 1000)
    last = t
  }
  return {
    take() {
      refill()
      if (tokens < 1) return false
      tokens -= 1
      return true
    },
    available() {
      refill()
      return tokens
    },
  }
}
