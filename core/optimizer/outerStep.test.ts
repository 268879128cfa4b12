import { describe, expect, it } from 'vitest'
import { createRandom } from '../random/createRandom.ts'
import { createOuterState } from './createOuterState.ts'
import { NonFiniteGradientError, OptimizerLengthMismatchError } from './optimizerErrors.ts'
import { outerStep } from './outerStep.ts'
import { pseudoGradient } from './pseudoGradient.ts'

function randomVector(n: number, seed: string, scale = 1): Float32Array {
  const random = createRandom(seed)
  return Float32Array.from({ length: n }, () => (2 * random.next() - 1) * scale)
}

/** The members' mean pseudo-gradient, summed in float64 and rounded once, as a test stand-in for the all-reduce. */
function meanPseudoGradient(outer: Float32Array, members: Float32Array[]): Float32Array {
  const sum = new Float64Array(outer.length)
  for (const member of members) pseudoGradient(outer, member).forEach((d, i) => (sum[i]! += d))
  return Float32Array.from(sum, (s) => s / members.length)
}

describe('outerStep', () => {
  it('matches Nesterov steps computed by hand', () => {
    // μ = 0.5, lr = 0.5, Δ = 0.25 twice (all exact in binary):
    // step 1: v = 0.25, θ = 1 − 0.5·(0.25 + 0.125) = 0.8125
    // step 2: v = 0.5·0.25 + 0.25 = 0.375, θ = 0.8125 − 0.5·(0.25 + 0.1875) = 0.59375
    const hyper = { learningRate: 0.5, momentum: 0.5 }
    const parameters = Float32Array.of(1, -2)
    const state = createOuterState(2)
    outerStep(hyper, state, parameters, Float32Array.of(0.25, 0))
    expect(Array.from(parameters)).toEqual([0.8125, -2])
    expect(Array.from(state.velocity)).toEqual([0.25, 0])
    outerStep(hyper, state, parameters, Float32Array.of(0.25, 0))
    expect(Array.from(parameters)).toEqual([0.59375, -2])
    expect(Array.from(state.velocity)).toEqual([0.375, 0])
    expect(state.step).toBe(2)
  })

  it('rounds like the documented formula: float32 velocity, float64 update rounded on store', () => {
    const hyper = { learningRate: 0.7, momentum: 0.9 }
    const parameters = Float32Array.of(0.1)
    const state = createOuterState(1)
    outerStep(hyper, state, parameters, Float32Array.of(0.3))
    const delta = Math.fround(0.3)
    const v = Math.fround(0.9 * 0 + delta)
    expect(state.velocity[0]).toBe(v)
    expect(parameters[0]).toBe(Math.fround(Math.fround(0.1) - 0.7 * (delta + 0.9 * v)))
  })

  it('with lr 1 and momentum 0 sets the parameters to the members’ mean', () => {
    // Exactly representable values whose differences and mean are exact too: the step is plain averaging, bit for bit.
    const outer = Float32Array.of(1, 2, -3, 0.5)
    const members = [Float32Array.of(0.5, 2, -2, 0.5), Float32Array.of(1.5, 1, -3, 0.75), Float32Array.of(1, 3, -4, 1)]
    const parameters = outer.slice()
    outerStep({ learningRate: 1, momentum: 0 }, createOuterState(4), parameters, meanPseudoGradient(outer, members))
    expect(Array.from(parameters)).toEqual([1, 2, -3, 0.75])

    // Arbitrary values: the mean to float32 precision (each Δ and the sum round once).
    const n = 1000
    const start = randomVector(n, 'outer')
    const inner = [1, 2, 3].map((k) => {
      const drift = randomVector(n, `member${k}`, 0.01)
      return start.map((x, i) => x + drift[i]!)
    })
    const averaged = start.slice()
    outerStep({ learningRate: 1, momentum: 0 }, createOuterState(n), averaged, meanPseudoGradient(start, inner))
    for (let i = 0; i < n; i++) {
      const mean = (inner[0]![i]! + inner[1]![i]! + inner[2]![i]!) / 3
      expect(Math.abs(averaged[i]! - mean)).toBeLessThanOrEqual(2 ** -22 * Math.max(1, Math.abs(mean)))
    }
  })

  it('is deterministic: the same inputs give the same bits', () => {
    const run = () => {
      const parameters = randomVector(5000, 'p')
      const state = createOuterState(5000)
      for (let t = 0; t < 20; t++)
        outerStep({ learningRate: 0.7, momentum: 0.9 }, state, parameters, randomVector(5000, `d${t}`, 0.01))
      return [parameters, state.velocity].map((a) => Buffer.from(a.buffer).toString('base64'))
    }
    expect(run()).toEqual(run())
  })

  it.each([NaN, Infinity, -Infinity])('rejects a pseudo-gradient holding %d before touching anything', (bad) => {
    const parameters = Float32Array.of(1, 2, 3)
    const state = createOuterState(3)
    const delta = Float32Array.of(0.1, bad, 0.1)
    expect(() => outerStep({ learningRate: 0.7, momentum: 0.9 }, state, parameters, delta)).toThrow(
      NonFiniteGradientError,
    )
    expect([Array.from(parameters), Array.from(state.velocity), state.step]).toEqual([[1, 2, 3], [0, 0, 0], 0])
  })

  it('rejects a pseudo-gradient or state of the wrong length', () => {
    const hyper = { learningRate: 0.7, momentum: 0.9 }
    expect(() => outerStep(hyper, createOuterState(3), new Float32Array(3), new Float32Array(2))).toThrow(
      OptimizerLengthMismatchError,
    )
    expect(() => outerStep(hyper, createOuterState(2), new Float32Array(3), new Float32Array(3))).toThrow(
      OptimizerLengthMismatchError,
    )
    expect(() => pseudoGradient(new Float32Array(3), new Float32Array(2))).toThrow(OptimizerLengthMismatchError)
  })
})
