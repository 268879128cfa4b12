import type { ParameterLayout } from '../../core/model/parameterLayout.ts'
import type { Tensor, Tf } from './Tf.ts'

/** One tensor per layout entry, uploaded from its slice of the flat vector. The caller disposes them. */
export function weightTensors(tf: Tf, layout: ParameterLayout, parameters: Float32Array): Tensor[] {
  return layout.tensors.map((t) => tf.tensor(parameters.subarray(t.offset, t.offset + t.size), [...t.shape], 'float32'))
}
