// Deadline policy of the receipts a validator signs.
//
// A receipt is cumulative, so its deadline only bounds how long one signature stays usable: a newer receipt
// replaces it, and an expired one costs nothing but a fresh signature. Seven days lets a volunteer claim long
// after training without keeping a validator online; re-signing once a day keeps that margin while units stand
// still. Deadlines are rounded up to the hour so that validators signing the same units within the same hour
// sign the same receipt, and their signatures can be packed together for a threshold above one.

export type DeadlinePolicy = { validSeconds: bigint; alignSeconds: bigint; refreshAfterSeconds: bigint }

export const defaultDeadlinePolicy: DeadlinePolicy = {
  validSeconds: 7n * 86_400n,
  alignSeconds: 3_600n,
  refreshAfterSeconds: 86_400n,
}

/** The deadline of a receipt signed at `now` (unix seconds). */
export function receiptDeadline(now: bigint, policy: DeadlinePolicy = defaultDeadlinePolicy): bigint {
  const aligned = ((now + policy.alignSeconds - 1n) / policy.alignSeconds) * policy.alignSeconds
  return aligned + policy.validSeconds
}

/** Whether a receipt signed with `deadline` is due for a fresh signature at `now`, units unchanged. */
export function deadlineIsStale(
  deadline: bigint,
  now: bigint,
  policy: DeadlinePolicy = defaultDeadlinePolicy,
): boolean {
  return deadline - now < policy.validSeconds - policy.refreshAfterSeconds
}
