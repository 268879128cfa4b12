// The outer optimizer of low-communication training (DiLoCo, Douillard et al. 2023, arXiv 2311.08105): members run
// H inner steps each on their own shards, then all-reduce the pseudo-gradient Δ (the parameters at the last outer
// step minus their own now, averaged over members) and apply this step, which every member computes identically.

import { checkStepInputs } from './checkStepInputs.ts'

export type OuterHyperParameters = {
  /** Outer learning rate: 1 with momentum 0 makes the new parameters the members' mean. */
  learningRate: number
  /** Nesterov momentum, in [0, 1). */
  momentum: number
}

/**
 * The outer optimizer's memory between outer steps. Shared: every member holds the same bits after the same
 * outer steps, so it travels with the parameters to a late joiner.
 */
export type OuterState = {
  /** Outer steps applied so far. */
  step: number
  /** Momentum buffer, one per parameter. */
  velocity: Float32Array
}

/**
 * One outer step of SGD with Nesterov momentum, PyTorch's form (torch.optim.SGD, nesterov=True, dampening 0), as
 * DiLoCo uses it, in place on `parameters` (the parameters of the last outer step) and `state`, allocating nothing:
 *   v ← μ·v + Δ    θ ← θ − lr·(Δ + μ·v)
 * v is rounded to float32 on store; θ is computed in float64 and rounded to float32 on store. Only +, − and × occur,
 * each exactly rounded in IEEE 754, so every member and every engine produces the same bits from the same inputs.
 * Throws before touching anything if Δ is not finite or a length differs.
 */
export function outerStep(
  hyper: OuterHyperParameters,
  state: OuterState,
  parameters: Float32Array,
  meanPseudoGradient: Float32Array,
): void {
  const { velocity } = state
  checkStepInputs(parameters, meanPseudoGradient, [velocity])
  const { learningRate, momentum } = hyper
  for (let i = 0; i < parameters.length; i++) {
    const delta = meanPseudoGradient[i]!
    const v = Math.fround(momentum * velocity[i]! + delta)
    velocity[i] = v
    parameters[i] = parameters[i]! - learningRate * (delta + momentum * v)
  }
  state.step += 1
}
