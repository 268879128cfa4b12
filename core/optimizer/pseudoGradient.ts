import { OptimizerLengthMismatchError } from './optimizerErrors.ts'

/**
 * One member's pseudo-gradient (DiLoCo): the parameters of the last outer step minus the member's parameters after
 * its inner steps, θ_outer − θ_inner, rounded to float32. It points the way a gradient does (uphill), so the outer
 * step subtracts it; the all-reduce averages it over members like a gradient.
 */
export function pseudoGradient(outerParameters: Float32Array, innerParameters: Float32Array): Float32Array {
  if (innerParameters.length !== outerParameters.length)
    throw new OptimizerLengthMismatchError('gradient', outerParameters.length, innerParameters.length)
  const delta = new Float32Array(outerParameters.length)
  for (let i = 0; i < delta.length; i++) delta[i] = outerParameters[i]! - innerParameters[i]!
  return delta
}
