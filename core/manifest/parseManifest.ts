import { BaseError } from '../errors/BaseError.ts'
import type { Manifest } from './Manifest.ts'
import { type ManifestIssue, manifestIssues } from './manifestIssues.ts'

export class InvalidManifestError extends BaseError {
  override name = 'InvalidManifestError' as const
  constructor(readonly issues: readonly ManifestIssue[]) {
    super(`Invalid swarm manifest (${issues.length} problem${issues.length === 1 ? '' : 's'}).`, {
      metaMessages: issues.map((issue) => `- ${issue.path}: ${issue.message}`),
    })
  }
}

/** Accepts a manifest only if it has no issues at all; the value is returned unchanged. */
export function parseManifest(input: unknown): Manifest {
  const issues = manifestIssues(input)
  if (issues.length > 0) throw new InvalidManifestError(issues)
  return input as Manifest
}
