import { describe, expect, test } from 'vitest'
import { findUnresponsive, type LivenessInput } from './findUnresponsive.ts'
import { heartbeatMs, maxSilenceMs, silenceLimitMs, stallLimitMs } from './livenessLimits.ts'
import { priorBytesPerMs } from './throughputEstimate.ts'

const frameBytes = 65536
const input = (changes: Partial<LivenessInput> = {}, seen: Record<string, { lastHeard: number; done?: boolean }> = {}): LivenessInput => ({
  now: 10_000,
  startedAt: 0,
  others: ['b', 'c', 'd'],
  observe: (peer) => ({ lastHeard: seen[peer]?.lastHeard ?? 9_900, done: seen[peer]?.done ?? false }),
  predecessor: 'd',
  bytesPerMs: priorBytesPerMs,
  frameBytes,
  members: 4,
  awaitingData: true,
  allJoinedAt: Number.POSITIVE_INFINITY,
  lastDataAt: 9_900,
  committedAt: undefined,
  ...changes,
})

describe('liveness limits', () => {
  test('a dead peer is named within 3 s on any link, however slow it measured', () => {
    for (const rate of [0, 1e-6, 1, 100, priorBytesPerMs, 1e6]) {
      for (const inFlight of [0, frameBytes, 64 * frameBytes]) expect(silenceLimitMs(rate, inFlight) + heartbeatMs).toBeLessThan(3000)
    }
    expect(maxSilenceMs + heartbeatMs).toBeLessThan(3000)
  })

  test('silence allows at least four heartbeat periods, more on a slow link carrying data', () => {
    expect(silenceLimitMs(1e6, frameBytes)).toBe(4 * heartbeatMs)
    expect(silenceLimitMs(500, 4 * frameBytes)).toBeGreaterThan(silenceLimitMs(5000, 4 * frameBytes))
  })

  test('the stall limit exceeds the silence limit and grows with the ring and the frame time', () => {
    expect(stallLimitMs(priorBytesPerMs, frameBytes, 2)).toBeGreaterThan(silenceLimitMs(priorBytesPerMs, 4 * frameBytes))
    expect(stallLimitMs(priorBytesPerMs, frameBytes, 8)).toBeGreaterThan(stallLimitMs(priorBytesPerMs, frameBytes, 2))
    expect(stallLimitMs(100, frameBytes, 4)).toBeGreaterThan(stallLimitMs(10_000, frameBytes, 4))
    expect(Number.isFinite(stallLimitMs(0, frameBytes, 4))).toBe(true)
  })
})

describe('findUnresponsive', () => {
  test('names nobody while everyone is heard from', () => {
    expect(findUnresponsive(input())).toBeUndefined()
  })

  test('names the first silent peer in ring order', () => {
    const verdict = findUnresponsive(input({}, { c: { lastHeard: 5_000 }, d: { lastHeard: 5_000 } }))
    expect(verdict).toMatchObject({ peer: 'c', reason: 'timeout' })
  })

  test('does not blame silence from before the attempt started, nor a peer that is done', () => {
    expect(findUnresponsive(input({ startedAt: 9_500 }, { b: { lastHeard: 0 } }))).toBeUndefined()
    expect(findUnresponsive(input({}, { b: { lastHeard: 0, done: true } }))).toBeUndefined()
  })

  test('no stall while a member has not joined (it may still be computing)', () => {
    expect(findUnresponsive(input({ lastDataAt: 0 }))).toBeUndefined()
  })

  test('a stall names the predecessor once everyone joined and no data came for the stall limit', () => {
    const limit = stallLimitMs(priorBytesPerMs, frameBytes, 4)
    expect(findUnresponsive(input({ allJoinedAt: 0, lastDataAt: 10_000 - limit + 1 }))).toBeUndefined()
    expect(findUnresponsive(input({ allJoinedAt: 0, lastDataAt: 10_000 - limit - 1 }))).toMatchObject({ peer: 'd', reason: 'stalled' })
    expect(findUnresponsive(input({ allJoinedAt: 0, lastDataAt: 0, awaitingData: false }))).toBeUndefined()
  })

  test('after this member is done, a member that never becomes done is named', () => {
    const limit = stallLimitMs(priorBytesPerMs, frameBytes, 4)
    const seen = { b: { lastHeard: 9_900, done: true }, c: { lastHeard: 9_900 } }
    expect(findUnresponsive(input({ awaitingData: false, committedAt: 10_000 - limit - 1 }, seen))).toMatchObject({ peer: 'c', reason: 'stalled' })
  })
})
