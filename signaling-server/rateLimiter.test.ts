import { describe, expect, test } from 'vitest'
import { createTokenBucket } from './rateLimiter.ts'

describe('createTokenBucket', () => {
  test('allows a burst, then the refill rate', () => {
    let now = 0
    const bucket = createTokenBucket({ perSecond: 10, burst: 3, now: () => now })
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    now += 99
    expect(bucket.take()).toBe(false)
    now += 1
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })

  test('never stores more than the burst', () => {
    let now = 0
    const bucket = createTokenBucket({ perSecond: 1000, burst: 2, now: () => now })
    now += 60_000
    expect(bucket.available()).toBe(2)
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false])
  })
})
