// The flat parameter vector every member holds, described tensor by tensor. The page, the optimizer, the
// all-reduce and the worker all agree on this order: the gradient comes back in it, the hash is taken over it.

import type { ModelSpec } from '../manifest/Manifest.ts'
import { charInput, mnistInput } from './modelInput.ts'

/** How a tensor's initial values are drawn (see initParameters.ts). */
export type ParameterInit =
  /** Uniform in ±√(6 / (fanIn + fanOut)), Glorot & Bengio 2010: keeps activation variance steady across layers. */
  { kind: 'glorotUniform'; fanIn: number; fanOut: number } | { kind: 'zeros' }

export type ParameterTensor = {
  /** Unique within the layout, e.g. `dense0/kernel`. */
  name: string
  /** In tfjs order: dense kernels [in, out], conv kernels [height, width, inChannels, outChannels]. */
  shape: readonly number[]
  /** Index of the tensor's first value in the flat vector. */
  offset: number
  /** Product of the shape. */
  size: number
  init: ParameterInit
}

export type ParameterLayout = {
  tensors: readonly ParameterTensor[]
  /** Total number of parameters: the length of the flat vector. */
  size: number
}

type Entry = Omit<ParameterTensor, 'offset' | 'size'>

/** Convolutions are 3×3 with 'same' padding, each followed by ReLU and a 2×2 max-pool of stride 2. */
export const convolutionKernelSize = 3

/**
 * The parameter layout of a model preset. mnist-mlp with hidden [128] is 784-128-10: 101,770 parameters.
 * The worker builds its forward pass from these shapes, so the architecture is defined here once.
 */
export function parameterLayout(spec: ModelSpec): ParameterLayout {
  switch (spec.preset) {
    case 'mnist-mlp': {
      const input = mnistInput
      const widths = [input.height * input.width * input.channels, ...spec.hidden]
      const hidden = spec.hidden.flatMap((width, i) => dense(`dense${i}`, widths[i]!, width))
      return layoutOf([...hidden, ...dense('output', widths.at(-1)!, input.classes)])
    }
    case 'mnist-cnn': {
      const input = mnistInput
      const entries: Entry[] = []
      let channels = input.channels
      let side = input.height
      spec.filters.forEach((filters, i) => {
        const k = convolutionKernelSize
        const fan = { fanIn: k * k * channels, fanOut: k * k * filters }
        entries.push({
          name: `conv${i}/kernel`,
          shape: [k, k, channels, filters],
          init: { kind: 'glorotUniform', ...fan },
        })
        entries.push({ name: `conv${i}/bias`, shape: [filters], init: { kind: 'zeros' } })
        channels = filters
        side = Math.floor(side / 2)
      })
      return layoutOf([
        ...entries,
        ...dense('dense0', side * side * channels, spec.dense),
        ...dense('output', spec.dense, input.classes),
      ])
    }
    case 'char-lm': {
      const v = charInput.vocabularySize
      return layoutOf([
        // A one-hot row times this table is the embedding lookup: a matmul, whose gradient every backend has.
        {
          name: 'embedding/table',
          shape: [v, spec.embedding],
          init: { kind: 'glorotUniform', fanIn: v, fanOut: spec.embedding },
        },
        ...dense('hidden', spec.context * spec.embedding, spec.hidden),
        ...dense('output', spec.hidden, v),
      ])
    }
    default:
      return spec satisfies never
  }
}

function dense(name: string, inputs: number, outputs: number): Entry[] {
  return [
    {
      name: `${name}/kernel`,
      shape: [inputs, outputs],
      init: { kind: 'glorotUniform', fanIn: inputs, fanOut: outputs },
    },
    { name: `${name}/bias`, shape: [outputs], init: { kind: 'zeros' } },
  ]
}

/** Lays tensors out back to back, in the given order. */
function layoutOf(entries: readonly Omit<ParameterTensor, 'offset' | 'size'>[]): ParameterLayout {
  let offset = 0
  const tensors = entries.map((entry) => {
    const size = entry.shape.reduce((product, dimension) => product * dimension, 1)
    const tensor = { ...entry, offset, size }
    offset += size
    return tensor
  })
  return { tensors, size: offset }
}
