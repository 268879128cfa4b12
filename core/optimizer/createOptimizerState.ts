import type { OptimizerSpec } from '../manifest/Manifest.ts'
import type { OptimizerState } from './OptimizerState.ts'

/** The state before the first step: zero moments, and bias-correction products at β⁰ = 1. */
export function createOptimizerState(spec: OptimizerSpec, parameterCount: number): OptimizerState {
  switch (spec.type) {
    case 'adam':
      return {
        type: 'adam',
        step: 0,
        beta1Power: 1,
        beta2Power: 1,
        m: new Float32Array(parameterCount),
        v: new Float32Array(parameterCount),
      }
    case 'sgd':
      return { type: 'sgd', step: 0, velocity: new Float32Array(parameterCount) }
    default:
      return spec satisfies never
  }
}
