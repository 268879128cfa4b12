import { NonFiniteGradientError, OptimizerLengthMismatchError } from './optimizerErrors.ts'

/**
 * Every check a step needs, done before the step writes anything: a rejected gradient leaves parameters
 * and state exactly as they were, never half-applied.
 */
export function checkStepInputs(
  parameters: Float32Array,
  gradient: Float32Array,
  buffers: readonly Float32Array[],
): void {
  if (gradient.length !== parameters.length)
    throw new OptimizerLengthMismatchError('gradient', parameters.length, gradient.length)
  for (const buffer of buffers)
    if (buffer.length !== parameters.length)
      throw new OptimizerLengthMismatchError('optimizer state', parameters.length, buffer.length)
  for (let i = 0; i < gradient.length; i++) {
    // x - x is 0 for finite x and NaN for NaN and ±Infinity: one comparison instead of two.
    const g = gradient[i]!
    if (g - g !== 0) throw new NonFiniteGradientError(i, g)
  }
}
