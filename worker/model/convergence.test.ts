// Does the swarm's training recipe learn? 3 simulated members, batch 64 each, mean gradient, core Adam step,
// on the Node tfjs cpu backend (about 0.15 s a round on this 2-core machine).
//   fast (always): the demo manifest (Adam lr 0.002) passes 90% held-out accuracy after 50 rounds, ≈ 10 s.
//   long (STARLING_LONG_CONVERGENCE=1): 600 rounds (≈ 14 epochs of the 8,000 train digits), ≈ 2 min.
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeDataset } from '../../core/data/decodeDataset.ts'
import { demoManifest } from '../../core/manifest/demoManifest.ts'
import { buildPresetDataset } from '../../datasets/buildPresetDataset.ts'
import { createTrainingModel } from './createTrainingModel.ts'
import { simulateRounds } from './testing/simulateRounds.ts'

const manifest = demoManifest()
const model = createTrainingModel(manifest.model, decodeDataset(buildPresetDataset('mnist')))

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const report = (evaluations: [number, number, number][]) =>
  console.info(
    `${JSON.stringify(manifest.training.optimizer)}: ` +
      `${evaluations.map(([r, a]) => `${r}: ${(a * 100).toFixed(1)}%`).join(', ')}`,
  )

describe('3 simulated members on mnist-mlp with the demo manifest', () => {
  it('reach 90% held-out accuracy within 80 rounds, without leaking tensors', async () => {
    const tensors = tf.memory().numTensors
    const evaluations = await simulateRounds({
      manifest,
      model,
      members: 3,
      maxRounds: 80,
      evalEvery: 10,
      targetAccuracy: 0.9,
    })
    report(evaluations)
    expect(evaluations.at(-1)![1]).toBeGreaterThanOrEqual(0.9)
    expect(tf.memory().numTensors).toBe(tensors)
  })

  it.runIf(process.env.STARLING_LONG_CONVERGENCE)(
    'keep improving to 94% over 600 rounds',
    { timeout: 600_000 },
    async () => {
      const evaluations = await simulateRounds({ manifest, model, members: 3, maxRounds: 600, evalEvery: 50 })
      report(evaluations)
      expect(evaluations.at(-1)![1]).toBeGreaterThanOrEqual(0.94)
    },
  )
})
