import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImageDataset, TextDataset } from '../../core/data/datasetFormat.ts'
import { charVocabulary } from '../../core/data/charVocabulary.ts'
import type { ModelSpec } from '../../core/manifest/Manifest.ts'
import { initParameters } from '../../core/model/initParameters.ts'
import { parameterLayout } from '../../core/model/parameterLayout.ts'
import { createRandom } from '../../core/random/createRandom.ts'
import { computeGradient } from './computeGradient.ts'
import { createTrainingModel } from './createTrainingModel.ts'
import { referenceLoss } from './testing/referenceLoss.ts'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const random = createRandom('gradient-test')
// Random pixels rather than digits: no flat regions, so no ReLU kinks or max-pool ties at the test points.
const images: ImageDataset = {
  kind: 'image',
  count: 20,
  height: 28,
  width: 28,
  channels: 1,
  classes: 10,
  pixels: Uint8Array.from({ length: 20 * 784 }, () => random.nextInt(256)),
  labels: Uint8Array.from({ length: 20 }, (_, i) => i % 10),
}
const text: TextDataset = {
  kind: 'text',
  vocabulary: [...charVocabulary],
  tokens: Uint8Array.from({ length: 400 }, () => random.nextInt(charVocabulary.length)),
}

const cases: [string, ModelSpec, ImageDataset | TextDataset][] = [
  ['mnist-mlp', { preset: 'mnist-mlp', hidden: [6] }, images],
  ['mnist-mlp, two hidden layers', { preset: 'mnist-mlp', hidden: [5, 4] }, images],
  ['mnist-cnn', { preset: 'mnist-cnn', filters: [2, 3], dense: 4 }, images],
  ['char-lm', { preset: 'char-lm', context: 4, embedding: 3, hidden: 5 }, text],
]

describe('computeGradient', () => {
  it.each(cases)(
    '%s: matches central finite differences of an independent float64 forward pass',
    async (_, spec, dataset) => {
      const layout = parameterLayout(spec)
      const model = createTrainingModel(spec, dataset)
      // Glorot weights plus small noise everywhere, so biases are not exactly 0 either.
      const parameters = initParameters(spec, 11).map((w) => w + 0.05 * (random.next() - 0.5))
      const positions = [0, 3, 5, 9]
      const { gradient, loss } = await computeGradient(tf, model, layout, parameters, positions)

      const samples = tf.tidy(() => {
        const { x, labels } = model.batch(tf, 'train', positions)
        const xs = x.reshape([positions.length, -1]).arraySync() as number[][]
        const ys = labels.arraySync() as number[]
        return xs.map((row, i) => ({ x: row, label: ys[i]! }))
      })
      const reference = Float64Array.from(parameters)
      expect(loss).toBeCloseTo(referenceLoss(spec, reference, samples), 5)

      const h = 1e-5
      for (const tensor of layout.tensors)
        for (let k = 0; k < 6; k++) {
          const i = tensor.offset + random.nextInt(tensor.size)
          const saved = reference[i]!
          reference[i] = saved + h
          const up = referenceLoss(spec, reference, samples)
          reference[i] = saved - h
          const down = referenceLoss(spec, reference, samples)
          reference[i] = saved
          const numeric = (up - down) / (2 * h)
          expect(Math.abs(gradient[i]! - numeric), `${tensor.name}[${i - tensor.offset}]`).toBeLessThan(
            2e-5 + 2e-3 * Math.abs(numeric),
          )
        }
    },
  )

  it('is bit-reproducible, returns one value per parameter in an owned buffer, and leaks no tensors', async () => {
    const spec: ModelSpec = { preset: 'mnist-mlp', hidden: [16] }
    const layout = parameterLayout(spec)
    const model = createTrainingModel(spec, images)
    const parameters = initParameters(spec, 1)
    const first = await computeGradient(tf, model, layout, parameters, [1, 2, 3])
    const tensors = tf.memory().numTensors
    const second = await computeGradient(tf, model, layout, parameters, [1, 2, 3])
    expect(tf.memory().numTensors).toBe(tensors)
    expect(second.gradient).toEqual(first.gradient)
    expect(second.gradient.length).toBe(layout.size)
    expect(second.gradient.byteOffset).toBe(0)
    expect(second.gradient.buffer.byteLength).toBe(layout.size * 4)
  })
})
