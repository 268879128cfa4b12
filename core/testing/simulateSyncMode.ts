// Trains the learning task (createLearningCompute.ts) as N members would, without a swarm: the same shards, the same
// optimizer steps and the same float32 arithmetic as the volunteers, with the all-reduce replaced by a mean. One run
// measures one of the manifest's sync modes (core/manifest/syncOf.ts): samples to a held-out target, bytes sent.
//
// Local-steps keeps each member's inner optimizer state across outer steps, as DiLoCo does (its inner AdamW is never
// reset): measured on this task (H = 50, lr 1, μ 0), resetting Adam at every outer step never reached 80 % in 36,000
// samples, because a fresh Adam's first steps move every parameter by about its learning rate whatever the gradient.

import type { Manifest, SyncSpec } from '../manifest/Manifest.ts'
import { createOptimizerState } from '../optimizer/createOptimizerState.ts'
import { createOuterState } from '../optimizer/createOuterState.ts'
import { optimizerStep } from '../optimizer/optimizerStep.ts'
import { outerStep } from '../optimizer/outerStep.ts'
import { pseudoGradient } from '../optimizer/pseudoGradient.ts'
import { createTrainer } from '../training/createTrainer.ts'
import { learningAccuracy, learningGradient } from './createLearningCompute.ts'
import { nodeDigest } from './nodeDigest.ts'

export type SimulateSyncModeParameters = {
  manifest: Manifest
  sync: SyncSpec
  members: number
  /** Held-out accuracy that ends the run. */
  target: number
  /** Held-out samples each evaluation scores. */
  evalSamples: number
  /** Inner steps between evaluations in every-step mode; local-steps evaluates at each outer step. */
  evalEvery: number
  /** Steps (batches per member) after which the run gives up. */
  maxSteps: number
}

export type SyncModeResult = {
  /** Samples all members trained on before the target was met, or undefined if it never was. */
  samplesToTarget: number | undefined
  accuracy: number
  /** Bytes one member sent to the all-reduce (fp32, ring: 2(N−1)/N of the vector per all-reduce). */
  bytesSentPerMember: number
  samplesTrained: number
}

const trainSize = 60_000

export function simulateSyncMode(parameters: SimulateSyncModeParameters): SyncModeResult {
  const { manifest, sync, members, target, evalSamples, evalEvery, maxSteps } = parameters
  const { model, training } = manifest
  const trainer = createTrainer(manifest, trainSize, nodeDigest)
  const initial = trainer.initial()
  const parameterCount = initial.params.length
  const allReduceBytes = (4 * parameterCount * 2 * (members - 1)) / members
  const stepsPerSync = sync.mode === 'local-steps' ? sync.innerSteps : 1
  const checkEvery = sync.mode === 'local-steps' ? 1 : evalEvery
  const samplesPerStep = members * training.batchSize
  const shardOf = (step: number, member: number) => trainer.shard(step * samplesPerStep, member)

  // The state every member agrees on after each sync, and what stays local to each member between syncs.
  const shared = initial.params
  const outer = createOuterState(parameterCount)
  const innerOptimizers = Array.from({ length: members }, () =>
    createOptimizerState(training.optimizer, parameterCount),
  )
  const everyStepOptimizer = initial.optimizer

  let bytesSentPerMember = 0
  let accuracy = 0
  for (let syncIndex = 0; syncIndex * stepsPerSync < maxSteps; syncIndex++) {
    const firstStep = syncIndex * stepsPerSync
    const mean = new Float64Array(parameterCount)
    if (sync.mode === 'local-steps') {
      for (let k = 0; k < members; k++) {
        const local = shared.slice()
        for (let t = 0; t < stepsPerSync; t++)
          optimizerStep(
            training.optimizer,
            innerOptimizers[k]!,
            local,
            learningGradient(model, local, shardOf(firstStep + t, k)).gradient,
          )
        pseudoGradient(shared, local).forEach((d, i) => (mean[i]! += d))
      }
      outerStep(
        { learningRate: sync.outerLearningRate, momentum: sync.outerMomentum },
        outer,
        shared,
        Float32Array.from(mean, (sum) => sum / members),
      )
    } else {
      for (let k = 0; k < members; k++)
        learningGradient(model, shared, shardOf(firstStep, k)).gradient.forEach((g, i) => (mean[i]! += g))
      optimizerStep(
        training.optimizer,
        everyStepOptimizer,
        shared,
        Float32Array.from(mean, (sum) => sum / members),
      )
    }
    bytesSentPerMember += allReduceBytes
    const samplesTrained = (firstStep + stepsPerSync) * samplesPerStep
    if ((syncIndex + 1) % checkEvery !== 0) continue
    accuracy = learningAccuracy(model, shared, evalSamples).accuracy
    if (accuracy >= target) return { samplesToTarget: samplesTrained, accuracy, bytesSentPerMember, samplesTrained }
  }
  return { samplesToTarget: undefined, accuracy, bytesSentPerMember, samplesTrained: maxSteps * samplesPerStep }
}
