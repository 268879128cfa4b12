import { shardFor } from '../data/shardFor.ts'
import type { Manifest } from '../manifest/Manifest.ts'
import { initParameters } from '../model/initParameters.ts'
import { createOptimizerState } from '../optimizer/createOptimizerState.ts'
import type { OptimizerState } from '../optimizer/OptimizerState.ts'
import { optimizerStep } from '../optimizer/optimizerStep.ts'
import { type Digest, hashState, webDigest } from '../state/hashState.ts'
import type { Trainer, TrainingState } from '../swarm/VolunteerPorts.ts'

/**
 * The training rules a manifest fixes: initial state, optimizer step, shard assignment and state hash (by `digest`:
 * WebCrypto unless a simulation injects its own).
 */
export function createTrainer(manifest: Manifest, trainSize: number, digest: Digest = webDigest): Trainer {
  const { training, model } = manifest
  return {
    initial() {
      const params = initParameters(model, training.seed)
      return { params, optimizer: createOptimizerState(training.optimizer, params.length) }
    },
    apply(state, meanGradient) {
      const next: TrainingState = { params: state.params.slice(), optimizer: cloneOptimizerState(state.optimizer) }
      optimizerStep(training.optimizer, next.optimizer, next.params, meanGradient)
      return next
    },
    hash: (state) => hashState(state, digest),
    shard: (offset, slot) =>
      shardFor({ seed: training.seed, offset, rank: slot, batchSize: training.batchSize, trainSize }),
  }
}

function cloneOptimizerState(state: OptimizerState): OptimizerState {
  switch (state.type) {
    case 'adam':
      return { ...state, m: state.m.slice(), v: state.v.slice() }
    case 'sgd':
      return { ...state, velocity: state.velocity.slice() }
    default:
      return state satisfies never
  }
}
