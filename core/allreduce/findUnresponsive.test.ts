import { describe, expect, test } from 'vitest'
import { findUnresponsive, type LivenessInput } from './findUnresponsive.ts'
import {
  committedLimitMs,
  framesInFlight,
  heartbeatMs,
  maxSilenceMs,
  minSilenceMs,
  silenceLimitMs,
  stallLimitMs,
} from './livenessLimits.ts'
import { priorBytesPerMs } from './throughputEstimate.ts'

const frameBytes = 65536
const inFlightBytes = framesInFlight * frameBytes
const input = (
  changes: Partial<LivenessInput> = {},
  seen: Record<string, { lastHeard: number; done?: boolean }> = {},
): LivenessInput => ({
  now: 10_000,
  startedAt: 0,
  others: ['b', 'c', 'd'],
  observe: (peer) => ({ lastHeard: seen[peer]?.lastHeard ?? 9_900, done: seen[peer]?.done ?? false }),
  predecessor: 'd',
  bytesPerMs: priorBytesPerMs,
  frameBytes,
  inFlightBytes,
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
      for (const inFlight of [0, frameBytes, 64 * frameBytes])
        expect(silenceLimitMs(rate, inFlight) + heartbeatMs).toBeLessThan(3000)
    }
    expect(maxSilenceMs + heartbeatMs).toBeLessThan(3000)
  })

  const silenceFloor =
    'silence allows at least eight heartbeat periods (healthy browser links pause for over 1 s), more on a slow link ' +
    'carrying data'
  test(silenceFloor, () => {
    expect(minSilenceMs).toBe(8 * heartbeatMs)
    expect(silenceLimitMs(1e6, frameBytes)).toBe(minSilenceMs)
    expect(silenceLimitMs(200, 4 * frameBytes)).toBeGreaterThan(silenceLimitMs(5000, 4 * frameBytes))
  })

  test('a deeper transport window allows longer silence on a link of the same rate', () => {
    const rate = 1048.576 // 1 MiB/s
    expect(silenceLimitMs(rate, 1024 * 1024)).toBeGreaterThan(silenceLimitMs(rate, 4 * frameBytes))
    expect(stallLimitMs(rate, frameBytes, 1024 * 1024, 4)).toBeGreaterThan(
      stallLimitMs(rate, frameBytes, 4 * frameBytes, 4),
    )
  })

  test('the stall limit exceeds the silence limit and grows with the ring and the frame time', () => {
    expect(stallLimitMs(priorBytesPerMs, frameBytes, inFlightBytes, 2)).toBeGreaterThan(
      silenceLimitMs(priorBytesPerMs, inFlightBytes),
    )
    expect(stallLimitMs(priorBytesPerMs, frameBytes, inFlightBytes, 8)).toBeGreaterThan(
      stallLimitMs(priorBytesPerMs, frameBytes, inFlightBytes, 2),
    )
    expect(stallLimitMs(100, frameBytes, inFlightBytes, 4)).toBeGreaterThan(
      stallLimitMs(10_000, frameBytes, inFlightBytes, 4),
    )
    expect(Number.isFinite(stallLimitMs(0, frameBytes, inFlightBytes, 4))).toBe(true)
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
    const limit = stallLimitMs(priorBytesPerMs, frameBytes, inFlightBytes, 4)
    expect(findUnresponsive(input({ allJoinedAt: 0, lastDataAt: 10_000 - limit + 1 }))).toBeUndefined()
    expect(findUnresponsive(input({ allJoinedAt: 0, lastDataAt: 10_000 - limit - 1 }))).toMatchObject({
      peer: 'd',
      reason: 'stalled',
    })
    expect(findUnresponsive(input({ allJoinedAt: 0, lastDataAt: 0, awaitingData: false }))).toBeUndefined()
  })

  test('after this member is done, a member that never becomes done is named', () => {
    const limit = committedLimitMs(priorBytesPerMs, frameBytes, inFlightBytes, 4)
    expect(limit).toBeGreaterThan(stallLimitMs(priorBytesPerMs, frameBytes, inFlightBytes, 4))
    expect(
      findUnresponsive(
        input(
          { awaitingData: false, committedAt: 10_000 - limit + 1 },
          { b: { lastHeard: 9_900, done: true }, c: { lastHeard: 9_900 } },
        ),
      ),
    ).toBeUndefined()
    const seen = { b: { lastHeard: 9_900, done: true }, c: { lastHeard: 9_900 } }
    expect(findUnresponsive(input({ awaitingData: false, committedAt: 10_000 - limit - 1 }, seen))).toMatchObject({
      peer: 'c',
      reason: 'stalled',
    })
  })
})
