// Failures of the bench page, reported to the driver through page.evaluate's rejection.

import { BaseError } from '../../../core/errors/BaseError.ts'

export class BenchJoinTimeoutError extends BaseError {
  override name = 'BenchJoinTimeoutError' as const
  constructor(
    readonly linked: number,
    readonly expected: number,
    readonly timeoutMs: number,
  ) {
    super(`Only ${linked} of ${expected} bench links came up within ${timeoutMs} ms.`)
  }
}

export class BenchStateError extends BaseError {
  override name = 'BenchStateError' as const
  constructor(readonly problem: string) {
    super(`The bench page cannot do that: ${problem}.`)
  }
}

export class BenchLinkError extends BaseError {
  override name = 'BenchLinkError' as const
  constructor(
    readonly peer: string,
    readonly problem: string,
  ) {
    super(`The bench link to ${peer} failed: ${problem}.`)
  }
}
