import type { OptimizerState } from './OptimizerState.ts'
import { MalformedOptimizerStateError } from './optimizerErrors.ts'
import {
  adamHeaderBytes,
  optimizerStateMagic,
  optimizerStateVersion,
  optimizerTypeCodes,
  sgdHeaderBytes,
} from './optimizerStateFormat.ts'

/**
 * Reads an encoded optimizer state (optimizerStateFormat.ts). It comes from another peer, so every field is
 * checked: a state with NaN moments or impossible bias corrections would corrupt the joiner's next step.
 * `parameterCount`, when given, must match the encoded count.
 */
export function decodeOptimizerState(bytes: Uint8Array, parameterCount?: number): OptimizerState {
  const fail = (reason: string): never => {
    throw new MalformedOptimizerStateError(reason)
  }
  if (bytes.length < sgdHeaderBytes) fail(`${bytes.length} bytes is shorter than any header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== optimizerStateMagic) fail('it does not start with "SOPT"')
  const version = view.getUint16(4, true)
  if (version !== optimizerStateVersion) fail(`format version ${version} is not ${optimizerStateVersion}`)
  const code = view.getUint8(6)
  const type =
    code === optimizerTypeCodes.adam
      ? 'adam'
      : code === optimizerTypeCodes.sgd
        ? 'sgd'
        : fail(`optimizer code ${code} is unknown`)
  const n = view.getUint32(8, true)
  if (parameterCount !== undefined && n !== parameterCount) fail(`it has ${n} parameters, not ${parameterCount}`)
  const header = type === 'adam' ? adamHeaderBytes : sgdHeaderBytes
  const arrays = type === 'adam' ? 2 : 1
  if (bytes.length !== header + arrays * 4 * n)
    fail(`${bytes.length} bytes is not the ${header + arrays * 4 * n} that ${n} parameters take`)
  const step = view.getFloat64(16, true)
  if (!Number.isSafeInteger(step) || step < 0) fail(`step count ${step} is not a whole number`)

  const readArray = (index: number, nonNegative: boolean) => {
    const array = new Float32Array(n)
    for (let i = 0, offset = header + index * 4 * n; i < n; i++, offset += 4) {
      const x = view.getFloat32(offset, true)
      if (!Number.isFinite(x) || (nonNegative && x < 0))
        fail(`value ${x} at index ${i} of array ${index} is impossible`)
      array[i] = x
    }
    return array
  }
  if (type === 'sgd') return { type, step, velocity: readArray(0, false) }
  const beta1Power = view.getFloat64(24, true)
  const beta2Power = view.getFloat64(32, true)
  // βᵗ with 0 ≤ β < 1 lies in [0, 1] (it underflows to 0 eventually) and is 1 exactly before the first step.
  for (const power of [beta1Power, beta2Power])
    if (!(power >= 0 && power <= 1) || (step === 0) !== (power === 1))
      fail(`bias-correction product ${power} does not fit step ${step}`)
  return { type, step, beta1Power, beta2Power, m: readArray(0, false), v: readArray(1, true) }
}
