import type { OptimizerState } from './OptimizerState.ts'
import {
  adamHeaderBytes,
  optimizerStateMagic,
  optimizerStateVersion,
  optimizerTypeCodes,
  sgdHeaderBytes,
} from './optimizerStateFormat.ts'

/**
 * Encodes an optimizer state in the layout of optimizerStateFormat.ts; decodeOptimizerState reads it back bit for bit.
 */
export function encodeOptimizerState(state: OptimizerState): Uint8Array {
  const arrays = state.type === 'adam' ? [state.m, state.v] : [state.velocity]
  const n = arrays[0]!.length
  const header = state.type === 'adam' ? adamHeaderBytes : sgdHeaderBytes
  const bytes = new Uint8Array(header + arrays.length * 4 * n)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, optimizerStateMagic, true)
  view.setUint16(4, optimizerStateVersion, true)
  view.setUint8(6, optimizerTypeCodes[state.type])
  view.setUint32(8, n, true)
  view.setFloat64(16, state.step, true)
  if (state.type === 'adam') {
    view.setFloat64(24, state.beta1Power, true)
    view.setFloat64(32, state.beta2Power, true)
  }
  let offset = header
  for (const array of arrays) for (let i = 0; i < n; i++, offset += 4) view.setFloat32(offset, array[i]!, true)
  return bytes
}
