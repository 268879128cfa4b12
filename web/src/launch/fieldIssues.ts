import type { ManifestIssue } from '../../../core/manifest/manifestIssues.ts'

/** Manifest paths the launch form has an input for, plus `deposit` (a transaction amount, not a manifest field). */
export const formFields = [
  'name',
  'nonce',
  'model.preset',
  'model.hidden',
  'model.filters',
  'model.dense',
  'model.context',
  'model.embedding',
  'dataset.preset',
  'dataset.url',
  'dataset.sha256',
  'training.seed',
  'training.batchSize',
  'training.optimizer.type',
  'training.optimizer.learningRate',
  'training.optimizer.beta1',
  'training.optimizer.beta2',
  'training.optimizer.epsilon',
  'training.optimizer.momentum',
  'training.rounds',
  'training.evalEvery',
  'allreduce.codec',
  'allreduce.aggregator',
  'rewards.token',
  'rewards.rewardPerUnit',
  'rewards.validators',
  'rewards.threshold',
  'rewards.claimWindow',
  'rewards.auditWindow',
  'rewards.auditRate',
  'rewards.probationRounds',
  'rewards.proposer',
  'deposit',
] as const

/** A form input, or `form` for problems no input owns (shown above the Launch button). */
export type FormField = (typeof formFields)[number] | 'form'

/**
 * Places each issue's message (a predicate such as "must be a whole number from 1 to 4096", which the form puts
 * after the input's label) on the input that can fix it: its own path; for an issue about a whole object
 * (`model`), the object's first input; for one inside an input's value (`model.hidden[2]`), that input. What no
 * input owns (an unknown key, the chain id) goes to `form` with its path, so it is still shown and still blocks a
 * launch.
 */
export function fieldIssues(issues: readonly ManifestIssue[]): Partial<Record<FormField, string>> {
  const byField: Partial<Record<FormField, string>> = {}
  for (const { path, message } of issues) {
    const field = fieldOf(path)
    const text = field === 'form' ? `${path || 'manifest'} ${message}` : message
    byField[field] = byField[field] ? `${byField[field]}; ${text}` : text
  }
  return byField
}

function fieldOf(path: string): FormField {
  const fields: readonly string[] = formFields
  if (fields.includes(path)) return path as FormField
  const inside = formFields.find((field) => field.startsWith(`${path}.`))
  if (path && inside) return inside
  const owner = formFields
    .filter((field) => path.startsWith(`${field}.`) || path.startsWith(`${field}[`))
    .sort((a, b) => b.length - a.length)[0]
  return owner ?? 'form'
}
