import { BaseError } from '../../core/errors/BaseError.ts'

export class BenchFailedError extends BaseError {
  override name = 'BenchFailedError' as const
  constructor(what: string, details?: string) {
    super(`The all-reduce bench failed: ${what}.`, { details })
  }
}

/** `work`, or a BenchFailedError after `ms`: a page that never answers must not hang the bench. */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new BenchFailedError(`${what} took over ${ms} ms`)), ms)),
  )
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
