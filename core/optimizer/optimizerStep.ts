import type { OptimizerSpec } from '../manifest/Manifest.ts'
import type { OptimizerState } from './OptimizerState.ts'
import { adamStep } from './adamStep.ts'
import { OptimizerTypeMismatchError } from './optimizerErrors.ts'
import { sgdStep } from './sgdStep.ts'

/**
 * Applies the manifest's optimizer to the parameters with the all-reduced mean gradient, in place.
 * Deterministic: the same parameters, state and gradient give the same bits on every member (docs/architecture.md §4).
 * On any error nothing has been modified.
 */
export function optimizerStep(
  spec: OptimizerSpec,
  state: OptimizerState,
  parameters: Float32Array,
  gradient: Float32Array,
): void {
  switch (spec.type) {
    case 'adam':
      if (state.type !== 'adam') throw new OptimizerTypeMismatchError(spec.type, state.type)
      return adamStep(spec, state, parameters, gradient)
    case 'sgd':
      if (state.type !== 'sgd') throw new OptimizerTypeMismatchError(spec.type, state.type)
      return sgdStep(spec, state, parameters, gradient)
    default:
      return spec satisfies never
  }
}
