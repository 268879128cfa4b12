import { describe, expect, it } from 'vitest'
import type { SgdState } from './OptimizerState.ts'
import { createOptimizerState } from './createOptimizerState.ts'
import { NonFiniteGradientError, OptimizerTypeMismatchError } from './optimizerErrors.ts'
import { optimizerStep } from './optimizerStep.ts'
import { sgdStep } from './sgdStep.ts'

const spec = { type: 'sgd', learningRate: 0.1, momentum: 0.9 } as const

describe('sgdStep', () => {
  it('matches steps computed by hand', () => {
    // u = 0.5, θ = 1 − 0.05 = 0.95; then u = 0.9·0.5 + 0.5 = 0.95, θ = 0.95 − 0.095 = 0.855.
    const parameters = Float32Array.of(1, -1)
    const state = createOptimizerState(spec, 2) as SgdState
    sgdStep(spec, state, parameters, Float32Array.of(0.5, 0))
    expect(Array.from(parameters)).toEqual([Math.fround(0.95), -1])
    sgdStep(spec, state, parameters, Float32Array.of(0.5, 0))
    expect(Array.from(parameters)).toEqual([Math.fround(Math.fround(0.95) - 0.1 * Math.fround(0.95)), -1])
    expect(parameters[0]).toBeCloseTo(0.855, 6)
    expect(state.step).toBe(2)
  })

  it('rejects NaN before touching anything', () => {
    const parameters = Float32Array.of(1, 2, 3)
    const state = createOptimizerState(spec, 3) as SgdState
    expect(() => sgdStep(spec, state, parameters, Float32Array.of(0.1, NaN, 0.1))).toThrow(NonFiniteGradientError)
    expect(Array.from(parameters)).toEqual([1, 2, 3])
    expect(Array.from(state.velocity)).toEqual([0, 0, 0])
    expect(state.step).toBe(0)
  })
})

describe('optimizerStep', () => {
  it('dispatches on the manifest optimizer and refuses a state of another type', () => {
    const parameters = Float32Array.of(1)
    const adam = { type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const
    expect(() => optimizerStep(spec, createOptimizerState(adam, 1), parameters, Float32Array.of(1))).toThrow(
      OptimizerTypeMismatchError,
    )
    optimizerStep(spec, createOptimizerState(spec, 1), parameters, Float32Array.of(1))
    expect(parameters[0]).toBe(Math.fround(0.9))
  })
})
