import { canonicalJson } from '../../../core/manifest/canonicalJson.ts'
import type { Manifest } from '../../../core/manifest/Manifest.ts'
import { type ManifestIssue, manifestIssues } from '../../../core/manifest/manifestIssues.ts'
import { swarmIdOf } from '../../../core/manifest/swarmIdOf.ts'
import { type ChainTarget, draftManifest } from './draftManifest.ts'
import { type FormField, fieldIssues } from './fieldIssues.ts'
import type { ManifestDraft } from './ManifestDraft.ts'
import type { Hex } from '../../../core/types/Hex.ts'

export type DraftReview = {
  /** The would-be manifest as canonical JSON (sorted keys), whether or not it is valid: the live preview. */
  canonical: string
  issues: ManifestIssue[]
  byField: Partial<Record<FormField, string>>
  /** Present only when there are no issues at all: only then may the form send anything. */
  ready?: { manifest: Manifest; swarmId: Hex; deposit: bigint | undefined }
}

const baseUnits = /^[1-9][0-9]{0,77}$/

/** Everything the launch form shows about a draft: its manifest, what is wrong with it, and its swarm id. */
export function reviewDraft(draft: ManifestDraft, chain: ChainTarget | undefined): DraftReview {
  const candidate = draftManifest(draft, chain)
  const issues = manifestIssues(candidate)
  const rewarded = candidate.rewards !== undefined
  if (rewarded && !baseUnits.test(draft.deposit.trim()))
    issues.push({ path: 'deposit', message: 'must be a positive whole number of token base units' })
  const canonical = canonicalJson(candidate)
  const review: DraftReview = { canonical, issues, byField: fieldIssues(issues) }
  if (issues.length > 0) return review
  // Parsed back from the canonical text: a plain object without the draft's undefined keys, the bytes that are hashed.
  const manifest = JSON.parse(canonical) as Manifest
  return {
    ...review,
    ready: { manifest, swarmId: swarmIdOf(manifest), deposit: rewarded ? BigInt(draft.deposit.trim()) : undefined },
  }
}
