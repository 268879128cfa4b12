// The optimizer's memory between rounds. Plain data (numbers and Float32Arrays), so it can be encoded
// for a late joiner (encodeOptimizerState) and is the same on every member after the same steps.

export type AdamState = {
  type: 'adam'
  /** Steps applied so far. */
  step: number
  /**
   * β₁ᵗ and β₂ᵗ as running products: the bias corrections without Math.pow, whose last bit engines may round
   * differently.
   */
  beta1Power: number
  beta2Power: number
  /** First and second moment estimates, one per parameter. */
  m: Float32Array
  v: Float32Array
}

export type SgdState = {
  type: 'sgd'
  step: number
  /** Momentum buffer, one per parameter. */
  velocity: Float32Array
}

export type OptimizerState = AdamState | SgdState
