// The real clock of the server process, as core's Clock port: monotonic milliseconds, and timers that do not
// keep the process alive on their own (the listening socket does). Tests inject a virtual clock instead.

import type { Clock } from '../core/types/Clock.ts'

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}
