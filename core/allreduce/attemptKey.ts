// Sessions are keyed by (round, attempt), ordered by round then attempt: a retry of round r supersedes every
// earlier attempt of r, and any attempt of round r+1 supersedes all of round r.

export type AttemptKey = { readonly round: number; readonly attempt: number }

export function compareAttempts(a: AttemptKey, b: AttemptKey): number {
  return a.round - b.round || a.attempt - b.attempt
}

/** A Map key; rounds and attempts are u32 on the wire, so their pair does not fit one safe integer. */
export function attemptId(key: AttemptKey): string {
  return `${key.round}:${key.attempt}`
}
