// A clock that moves only when a test runs it: timers fire in (time, scheduling order), and before each timer
// every pending promise reaction runs, so async code interleaves the same way on every run, with no real waits.

import type { Clock } from '../types/Clock.ts'
import { BaseError } from '../errors/BaseError.ts'

export class SimulationStalledError extends BaseError {
  override name = 'SimulationStalledError' as const
  constructor(
    readonly at: number,
    why: string,
  ) {
    super(`The simulation stalled at ${at} ms: ${why}.`)
  }
}

export type VirtualClock = Clock & {
  /** Runs timers in order until `done()` holds; throws SimulationStalledError if none is left or `limitMs` passes. */
  run(done: () => boolean, limitMs?: number): Promise<void>
  /** Runs every timer due within the next `ms`, then sets the time to now + ms. */
  advance(ms: number): Promise<void>
}

type Timer = { at: number; order: number; fn: () => void; cancelled: boolean }

// setImmediate runs after every queued promise reaction: the one point where all async work of a step is done.
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createVirtualClock(start = 0): VirtualClock {
  let now = start
  let order = 0
  const heap: Timer[] = []
  const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.order < b.order)

  const push = (timer: Timer) => {
    heap.push(timer)
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }
  const pop = (): Timer | undefined => {
    const top = heap[0]
    const last = heap.pop()
    if (heap.length > 0 && last) {
      heap[0] = last
      for (let i = 0; ;) {
        const left = 2 * i + 1
        const right = left + 1
        let least = i
        if (left < heap.length && before(heap[left]!, heap[least]!)) least = left
        if (right < heap.length && before(heap[right]!, heap[least]!)) least = right
        if (least === i) break
        ;[heap[i], heap[least]] = [heap[least]!, heap[i]!]
        i = least
      }
    }
    return top
  }
  const next = () => {
    while (heap.length > 0 && heap[0]!.cancelled) pop()
    return heap[0]
  }

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), order: order++, fn, cancelled: false }
      push(timer)
      return timer
    },
    clearTimeout(handle) {
      if (handle && typeof handle === 'object') (handle as Timer).cancelled = true
    },
    async run(done, limitMs = Number.POSITIVE_INFINITY) {
      const limit = now + limitMs
      for (;;) {
        await settle()
        if (done()) return
        const timer = next()
        if (!timer) throw new SimulationStalledError(now, 'nothing is scheduled and the condition does not hold')
        if (timer.at > limit) throw new SimulationStalledError(now, `the condition did not hold within ${limitMs} ms`)
        pop()
        now = timer.at
        timer.fn()
      }
    },
    async advance(ms) {
      const until = now + ms
      for (;;) {
        await settle()
        const timer = next()
        if (!timer || timer.at > until) break
        pop()
        now = timer.at
        timer.fn()
      }
      now = until
    },
  }
}
