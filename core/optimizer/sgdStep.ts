import type { SgdState } from './OptimizerState.ts'
import { checkStepInputs } from './checkStepInputs.ts'

export type SgdHyperParameters = { learningRate: number; momentum: number }

/**
 * One step of SGD with momentum (the PyTorch/TensorFlow form), in place, allocating nothing:
 *   u ← μu + g    θ ← θ − α·u
 * Float64 arithmetic rounded to float32 on store, so every engine produces the same bits. Throws before
 * touching anything if the gradient is not finite.
 */
export function sgdStep(
  hyper: SgdHyperParameters,
  state: SgdState,
  parameters: Float32Array,
  gradient: Float32Array,
): void {
  const { velocity } = state
  checkStepInputs(parameters, gradient, [velocity])
  const { learningRate, momentum } = hyper
  for (let i = 0; i < parameters.length; i++) {
    const u = Math.fround(momentum * velocity[i]! + gradient[i]!)
    velocity[i] = u
    parameters[i] = parameters[i]! - learningRate * u
  }
  state.step += 1
}
