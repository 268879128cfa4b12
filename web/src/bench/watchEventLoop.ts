// How long this page's main thread went without running a timer during a measurement: on a machine whose
// cores are shared by every peer (and other jobs), a stalled renderer explains slow or failed runs.

const periodMs = 20

export type EventLoopWatch = { stop(): number }

/** Starts watching; `stop` returns the longest gap between ticks, in ms. */
export function watchEventLoop(): EventLoopWatch {
  let last = performance.now()
  let longest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, periodMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(longest, performance.now() - last)
    },
  }
}
