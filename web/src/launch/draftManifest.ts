import type { Address } from '../../../core/manifest/Manifest.ts'
import type { ManifestDraft } from './ManifestDraft.ts'

/**
 * Where a swarm's escrow would live, the deployment's chain and rewards contract, and who would create it there: the
 * browser wallet that sends createSwarm (undefined when it cannot be opened, which manifestIssues then reports).
 */
export type ChainTarget = { chainId: number; contract: Address; proposer: Address | undefined }

/**
 * The would-be manifest of a draft, before any validation. Text that reads as a finite number becomes that number;
 * anything else stays text and empty fields are left out, so manifestIssues reports them against the right path
 * ("must be a whole number…", "is required") instead of this function guessing a message of its own.
 */
export function draftManifest(draft: ManifestDraft, chain: ChainTarget | undefined): Record<string, unknown> {
  const optimizer =
    draft.optimizer === 'adam'
      ? {
          type: 'adam',
          learningRate: numeric(draft.learningRate),
          beta1: numeric(draft.beta1),
          beta2: numeric(draft.beta2),
          epsilon: numeric(draft.epsilon),
        }
      : { type: 'sgd', learningRate: numeric(draft.learningRate), momentum: numeric(draft.momentum) }
  return {
    version: 1,
    name: draft.name.trim() || undefined,
    nonce: draft.nonce.trim() || undefined,
    model: modelOf(draft),
    dataset:
      draft.datasetSource === 'preset'
        ? { preset: draft.datasetPreset }
        : { url: draft.datasetUrl.trim() || undefined, sha256: draft.datasetSha256.trim() || undefined },
    training: {
      seed: numeric(draft.seed),
      batchSize: numeric(draft.batchSize),
      optimizer,
      rounds: numeric(draft.rounds),
      evalEvery: numeric(draft.evalEvery),
    },
    allreduce: { codec: draft.codec, aggregator: draft.aggregator === 'default' ? undefined : draft.aggregator },
    rewards:
      draft.rewards && chain
        ? {
            chainId: chain.chainId,
            contract: chain.contract,
            proposer: chain.proposer,
            token: draft.token.trim() || undefined,
            rewardPerUnit: draft.rewardPerUnit.trim() || undefined,
            validators: draft.validators.split(/[\s,]+/).filter(Boolean),
            threshold: numeric(draft.threshold),
            claimWindow: numeric(draft.claimWindow),
            auditWindow: numeric(draft.auditWindow),
            auditRate: numeric(draft.auditRate),
            probationRounds: numeric(draft.probationRounds),
          }
        : undefined,
  }
}

function modelOf(draft: ManifestDraft) {
  switch (draft.model) {
    case 'mnist-mlp':
      return { preset: draft.model, hidden: list(draft.hidden) }
    case 'mnist-cnn':
      return { preset: draft.model, filters: list(draft.filters), dense: numeric(draft.dense) }
    case 'char-lm':
      return {
        preset: draft.model,
        context: numeric(draft.context),
        embedding: numeric(draft.embedding),
        hidden: numeric(draft.width),
      }
    default:
      return draft.model satisfies never
  }
}

const numberPattern = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i

function numeric(text: string): number | string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const value = Number(trimmed)
  // "1e999" is Infinity, which canonical JSON refuses: keep the text so the preview still renders and the field is
  // flagged.
  return numberPattern.test(trimmed) && Number.isFinite(value) ? value : trimmed
}

function list(text: string): (number | string)[] | undefined {
  const items = text.split(/[\s,]+/).filter(Boolean)
  return items.length ? items.map((item) => numeric(item)!) : undefined
}
