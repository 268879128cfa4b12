// Error feedback for lossy codecs (EF-SGD): what quantization dropped from this member's contributions in one
// round is added to its next input, so errors cancel over rounds instead of accumulating: the sum of the
// results over R rounds differs from the sum of the true gradients only by the last round's residuals.
//
// Owned by the endpoint, one per member: the residual belongs to what this member encoded (each position of the
// vector is encoded by each member exactly once per attempt, see createRingReducer). A session writes its
// residuals into a fresh buffer and commits it only when the attempt resolves, so an aborted attempt leaves the
// carried residual untouched and its retry sends the same compensation.

export type ErrorFeedback = {
  /** The residual to add to this member's next input of `length` values; undefined if there is none. */
  carried(length: number): Float32Array | undefined
  commit(residual: Float32Array): void
  /** Forgets the residual: after this member loaded parameters from elsewhere (a resync) it owes nothing. */
  reset(): void
}

export function createErrorFeedback(): ErrorFeedback {
  let carried: Float32Array | undefined
  return {
    // A vector of another length is another model: its residual means nothing here.
    carried: (length) => (carried?.length === length ? carried : undefined),
    commit(residual) {
      carried = residual
    },
    reset() {
      carried = undefined
    },
  }
}
