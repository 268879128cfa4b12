import { expect, test } from 'vitest'
import { createEarlyFrameStore, type EarlyFrame } from './createEarlyFrameStore.ts'

const entry = (from: string, bytes: number): EarlyFrame => ({
  from,
  bytes: new Uint8Array(bytes),
  frame: { type: 'abort', swarm: new Uint8Array(8), round: 0, attempt: 0, reason: 'timeout', culprit: from },
})

test('keeps frames of future attempts in arrival order and forgets older attempts when one is taken', () => {
  const store = createEarlyFrameStore({ maxBytes: 1000, maxAttempts: 4 })
  const first = entry('a', 10)
  const second = entry('b', 10)
  expect(store.add({ round: 5, attempt: 0 }, first)).toBe(true)
  expect(store.add({ round: 4, attempt: 1 }, entry('a', 10))).toBe(true)
  expect(store.add({ round: 5, attempt: 0 }, second)).toBe(true)
  expect(store.take({ round: 5, attempt: 0 })).toEqual({ frames: [first, second], flooded: [] })
  expect(store.take({ round: 4, attempt: 1 })).toEqual({ frames: [], flooded: [] })
})

test('a peer past the byte bound loses its frames for that attempt and is marked; others keep theirs', () => {
  const store = createEarlyFrameStore({ maxBytes: 100, maxAttempts: 4 })
  const key = { round: 1, attempt: 0 }
  const kept = entry('honest', 30)
  expect(store.add(key, kept)).toBe(true)
  expect(store.add(key, entry('greedy', 60))).toBe(true)
  expect(store.add(key, entry('greedy', 60))).toBe(false)
  expect(store.add(key, entry('greedy', 1))).toBe(false)
  // The greedy peer's bytes were released.
  expect(store.add(key, entry('honest', 60))).toBe(true)
  expect(store.take(key)).toEqual({ frames: [kept, expect.objectContaining({ from: 'honest' })], flooded: ['greedy'] })
})

test('frames for too many distinct future attempts are refused', () => {
  const store = createEarlyFrameStore({ maxBytes: 1000, maxAttempts: 2 })
  expect(store.add({ round: 1, attempt: 0 }, entry('a', 1))).toBe(true)
  expect(store.add({ round: 2, attempt: 0 }, entry('a', 1))).toBe(true)
  expect(store.add({ round: 3, attempt: 0 }, entry('a', 1))).toBe(false)
})
