import type { ModelSpec } from '../manifest/Manifest.ts'
import { createRandom } from '../random/createRandom.ts'
import { parameterLayout } from './parameterLayout.ts'

/**
 * The initial flat parameter vector of a model: every member computes the same bits from the manifest's seed,
 * so nobody has to download the first version. Pure JavaScript on purpose: tfjs initializers differ by backend.
 * One random stream walks the tensors in layout order; √ and × are exactly rounded in IEEE 754, so the
 * result is the same on every engine.
 */
export function initParameters(spec: ModelSpec, seed: number): Float32Array {
  const layout = parameterLayout(spec)
  const parameters = new Float32Array(layout.size)
  const random = createRandom(`starling/init/${seed >>> 0}`)
  for (const tensor of layout.tensors) {
    const { init } = tensor
    switch (init.kind) {
      case 'zeros':
        break
      case 'glorotUniform': {
        const limit = Math.sqrt(6 / (init.fanIn + init.fanOut))
        for (let i = tensor.offset; i < tensor.offset + tensor.size; i++)
          parameters[i] = (2 * random.next() - 1) * limit
        break
      }
      default:
        init satisfies never
    }
  }
  return parameters
}
