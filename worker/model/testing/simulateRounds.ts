// The swarm's training loop in miniature, for tests: each round, `members` compute the gradient of their shard
// (core/data/shardFor.ts), the gradients are averaged as the all-reduce will, and the core optimizer step is
// applied once, exactly as every member applies it.
import * as tf from '@tensorflow/tfjs'
import { shardFor } from '../../../core/data/shardFor.ts'
import type { Manifest } from '../../../core/manifest/Manifest.ts'
import { initParameters } from '../../../core/model/initParameters.ts'
import { parameterLayout } from '../../../core/model/parameterLayout.ts'
import { createOptimizerState } from '../../../core/optimizer/createOptimizerState.ts'
import { optimizerStep } from '../../../core/optimizer/optimizerStep.ts'
import { computeGradient } from '../computeGradient.ts'
import { evaluateModel } from '../evaluateModel.ts'
import type { TrainingModel } from '../TrainingModel.ts'

export type SimulateRoundsParameters = {
  manifest: Pick<Manifest, 'model' | 'training'>
  model: TrainingModel
  members: number
  maxRounds: number
  evalEvery: number
  /** Stop at the first evaluation reaching this held-out accuracy. */
  targetAccuracy?: number
}

/** Runs rounds on the current tfjs backend; returns each evaluation as [round, accuracy, loss]. */
export async function simulateRounds({
  manifest,
  model,
  members,
  maxRounds,
  evalEvery,
  targetAccuracy = 1,
}: SimulateRoundsParameters) {
  const { training } = manifest
  const layout = parameterLayout(manifest.model)
  const parameters = initParameters(manifest.model, training.seed)
  const state = createOptimizerState(training.optimizer, layout.size)
  const mean = new Float32Array(layout.size)
  const evaluations: [round: number, accuracy: number, loss: number][] = []
  for (let round = 1; round <= maxRounds; round++) {
    mean.fill(0)
    for (let rank = 0; rank < members; rank++) {
      const offset = (round - 1) * members * training.batchSize
      const samples = shardFor({
        seed: training.seed,
        offset,
        rank,
        batchSize: training.batchSize,
        trainSize: model.trainSize,
      })
      const { gradient } = await computeGradient(tf, model, layout, parameters, samples)
      for (let i = 0; i < mean.length; i++) mean[i]! += gradient[i]!
    }
    for (let i = 0; i < mean.length; i++) mean[i]! /= members
    optimizerStep(training.optimizer, state, parameters, mean)
    if (round % evalEvery === 0) {
      const { accuracy, loss } = await evaluateModel(tf, model, layout, parameters)
      evaluations.push([round, accuracy, loss])
      if (accuracy >= targetAccuracy) break
    }
  }
  return evaluations
}
