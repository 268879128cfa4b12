import { describe, expect, it } from 'vitest'
import { createRandom } from '../random/createRandom.ts'
import type { AdamState } from './OptimizerState.ts'
import { adamStep } from './adamStep.ts'
import { createOptimizerState } from './createOptimizerState.ts'
import { NonFiniteGradientError, OptimizerLengthMismatchError } from './optimizerErrors.ts'

const spec = { type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const
const adamState = (n: number) => createOptimizerState(spec, n) as AdamState

function randomVector(n: number, seed: string, scale = 1): Float32Array {
  const random = createRandom(seed)
  return Float32Array.from({ length: n }, () => (2 * random.next() - 1) * scale)
}

describe('adamStep', () => {
  it('matches a step computed by hand', () => {
    // Step 1 with g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, so θ moves by 0.1·0.5/(0.5 + 1e-8).
    // Step 2 with g = 0.1: m = 0.055, v = 0.00025975, m̂ = 0.055/0.19, v̂ = 0.00025975/0.001999.
    const parameters = Float32Array.of(1)
    const state = adamState(1)
    adamStep(spec, state, parameters, Float32Array.of(0.5))
    expect(parameters[0]).toBe(Math.fround(0.9))
    expect([state.m[0], state.v[0], state.step]).toEqual([Math.fround(0.05), Math.fround(0.00025), 1])
    adamStep(spec, state, parameters, Float32Array.of(0.1))
    expect(parameters[0]).toBe(Math.fround(0.8196958899497986))
    expect([state.m[0], state.v[0], state.step]).toEqual([Math.fround(0.055), Math.fround(0.00025975), 2])
    expect(state.beta1Power).toBeCloseTo(0.81, 15)
    expect(state.beta2Power).toBeCloseTo(0.998001, 15)
  })

  it('agrees with the textbook form (Math.pow bias corrections) to float32 precision over many steps', () => {
    const n = 1000
    const parameters = randomVector(n, 'p')
    const reference = Float64Array.from(parameters)
    const m = new Float64Array(n)
    const v = new Float64Array(n)
    const state = adamState(n)
    for (let t = 1; t <= 200; t++) {
      const g = randomVector(n, `g${t}`, 0.01)
      adamStep(spec, state, parameters, g)
      for (let i = 0; i < n; i++) {
        m[i] = 0.9 * m[i]! + 0.1 * g[i]!
        v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2
        reference[i] = reference[i]! - (0.1 * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8)
      }
    }
    for (let i = 0; i < n; i++) expect(Math.abs(parameters[i]! - reference[i]!)).toBeLessThan(1e-4)
  })

  it('is deterministic: the same inputs give the same bits', () => {
    const run = () => {
      const parameters = randomVector(5000, 'p')
      const state = adamState(5000)
      for (let t = 0; t < 20; t++) adamStep(spec, state, parameters, randomVector(5000, `g${t}`, 0.1))
      return [parameters, state.m, state.v].map((a) => Buffer.from(a.buffer).toString('base64'))
    }
    expect(run()).toEqual(run())
  })

  it.each([NaN, Infinity, -Infinity])('rejects a gradient holding %d before touching anything', (bad) => {
    const parameters = randomVector(5000, 'p')
    const state = adamState(5000)
    adamStep(spec, state, parameters, randomVector(5000, 'g0', 0.1))
    const before = {
      parameters: parameters.slice(),
      m: state.m.slice(),
      v: state.v.slice(),
      beta1Power: state.beta1Power,
      beta2Power: state.beta2Power,
      step: state.step,
    }
    const gradient = randomVector(5000, 'g1', 0.1)
    gradient[4321] = bad
    expect(() => adamStep(spec, state, parameters, gradient)).toThrow(NonFiniteGradientError)
    try {
      adamStep(spec, state, parameters, gradient)
    } catch (error) {
      expect(error).toMatchObject({ name: 'NonFiniteGradientError', index: 4321 })
    }
    expect({
      parameters,
      m: state.m,
      v: state.v,
      beta1Power: state.beta1Power,
      beta2Power: state.beta2Power,
      step: state.step,
    }).toEqual(before)
  })

  it('rejects a gradient or state of the wrong length', () => {
    expect(() => adamStep(spec, adamState(3), new Float32Array(3), new Float32Array(2))).toThrow(
      OptimizerLengthMismatchError,
    )
    expect(() => adamStep(spec, adamState(2), new Float32Array(3), new Float32Array(3))).toThrow(
      OptimizerLengthMismatchError,
    )
  })
})
