import type { Manifest } from '../manifest/Manifest.ts'

/** A swarm small enough to simulate by the dozen: mnist-mlp 784-8-10 (6,370 parameters, ≈ 76 KB of state), batch 4. */
export const simulationManifest = (lastVersion: number): Manifest => ({
  version: 1,
  name: 'simulation',
  nonce: 'simulation',
  model: { preset: 'mnist-mlp', hidden: [8] },
  dataset: { preset: 'mnist' },
  training: {
    seed: 7,
    batchSize: 4,
    optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    rounds: lastVersion,
    evalEvery: 10,
  },
  allreduce: { codec: 'fp32' },
})
