import { describe, expect, it } from 'vitest'
import type { OptimizerSpec } from '../manifest/Manifest.ts'
import { createOptimizerState } from './createOptimizerState.ts'
import { decodeOptimizerState } from './decodeOptimizerState.ts'
import { encodeOptimizerState } from './encodeOptimizerState.ts'
import { MalformedOptimizerStateError } from './optimizerErrors.ts'
import { optimizerStep } from './optimizerStep.ts'

const adam: OptimizerSpec = { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
const sgd: OptimizerSpec = { type: 'sgd', learningRate: 0.01, momentum: 0.9 }

function trained(spec: OptimizerSpec) {
  const parameters = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i))
  const state = createOptimizerState(spec, 100)
  for (let t = 0; t < 3; t++)
    optimizerStep(
      spec,
      state,
      parameters,
      Float32Array.from({ length: 100 }, (_, i) => Math.cos(i * t)),
    )
  return { parameters, state }
}

describe('encodeOptimizerState / decodeOptimizerState', () => {
  it.each([adam, sgd])('round-trips a %j state bit for bit, and the joiner’s next step equals the members’', (spec) => {
    const member = trained(spec)
    const joiner = {
      parameters: member.parameters.slice(),
      state: decodeOptimizerState(encodeOptimizerState(member.state), 100),
    }
    expect(joiner.state).toEqual(member.state)
    const gradient = Float32Array.from({ length: 100 }, (_, i) => 1 / (i + 1))
    optimizerStep(spec, member.state, member.parameters, gradient)
    optimizerStep(spec, joiner.state, joiner.parameters, gradient)
    expect(joiner.parameters).toEqual(member.parameters)
  })

  it('round-trips a fresh state and the documented header', () => {
    const bytes = encodeOptimizerState(createOptimizerState(adam, 2))
    expect(bytes.length).toBe(40 + 16)
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('SOPT')
    expect(decodeOptimizerState(bytes)).toEqual(createOptimizerState(adam, 2))
  })

  const tamper = (
    edit: (view: DataView, bytes: Uint8Array) => void,
    bytes = encodeOptimizerState(trained(adam).state),
  ) => {
    const copy = bytes.slice()
    edit(new DataView(copy.buffer), copy)
    return copy
  }
  it.each([
    ['bad magic', tamper((v) => v.setUint8(0, 0x58))],
    ['unknown version', tamper((v) => v.setUint16(4, 2, true))],
    ['unknown optimizer', tamper((v) => v.setUint8(6, 9))],
    ['truncated', encodeOptimizerState(trained(adam).state).subarray(0, 500)],
    ['trailing bytes', Uint8Array.of(...encodeOptimizerState(trained(adam).state), 0)],
    ['shorter than a header', new Uint8Array(10)],
    ['fractional step', tamper((v) => v.setFloat64(16, 2.5, true))],
    ['β power above 1', tamper((v) => v.setFloat64(24, 1.5, true))],
    ['β power of 1 after steps', tamper((v) => v.setFloat64(32, 1, true))],
    ['NaN moment', tamper((v) => v.setFloat32(40 + 8, NaN, true))],
    ['negative second moment', tamper((v) => v.setFloat32(40 + 400 + 8, -1, true))],
  ])('rejects %s', (_, bytes) => {
    expect(() => decodeOptimizerState(bytes)).toThrow(MalformedOptimizerStateError)
  })

  it('rejects a state for another parameter count', () => {
    expect(() => decodeOptimizerState(encodeOptimizerState(trained(sgd).state), 99)).toThrow(/100 parameters, not 99/)
  })
})
