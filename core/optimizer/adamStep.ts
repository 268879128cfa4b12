import type { AdamState } from './OptimizerState.ts'
import { checkStepInputs } from './checkStepInputs.ts'

export type AdamHyperParameters = { learningRate: number; beta1: number; beta2: number; epsilon: number }

/**
 * One Adam step (Kingma & Ba 2015, Algorithm 1), in place on `parameters` and `state`, allocating nothing.
 *   m ← β₁m + (1−β₁)g    v ← β₂v + (1−β₂)g²    θ ← θ − α·m / (1−β₁ᵗ) / (√(v / (1−β₂ᵗ)) + ε)
 * Arithmetic is in float64 with results rounded to float32 on store. +, −, ×, ÷ and √ are exactly rounded in
 * IEEE 754, so every engine produces the same bits; transcendental functions (Math.pow) are avoided because
 * their last bit is engine-specific. Throws before touching anything if the gradient is not finite.
 */
export function adamStep(
  hyper: AdamHyperParameters,
  state: AdamState,
  parameters: Float32Array,
  gradient: Float32Array,
): void {
  const { m, v } = state
  checkStepInputs(parameters, gradient, [m, v])
  const { learningRate, beta1, beta2, epsilon } = hyper
  const beta1Power = state.beta1Power * beta1
  const beta2Power = state.beta2Power * beta2
  const stepSize = learningRate / (1 - beta1Power)
  const secondCorrection = 1 - beta2Power
  const oneMinusBeta1 = 1 - beta1
  const oneMinusBeta2 = 1 - beta2
  for (let i = 0; i < parameters.length; i++) {
    const g = gradient[i]!
    const mi = Math.fround(beta1 * m[i]! + oneMinusBeta1 * g)
    const vi = Math.fround(beta2 * v[i]! + oneMinusBeta2 * g * g)
    m[i] = mi
    v[i] = vi
    parameters[i] = parameters[i]! - (stepSize * mi) / (Math.sqrt(vi / secondCorrection) + epsilon)
  }
  state.beta1Power = beta1Power
  state.beta2Power = beta2Power
  state.step += 1
}
