import { BaseError } from '../../../core/errors/BaseError.ts'
import type { Manifest } from '../../../core/manifest/Manifest.ts'
import { swarmIdOf } from '../../../core/manifest/swarmIdOf.ts'
import type { Hex } from '../../../core/types/Hex.ts'

export class RegistryUnreachableError extends BaseError {
  override name = 'RegistryUnreachableError' as const
  constructor(
    readonly registryUrl: string,
    cause: unknown,
  ) {
    super(`The manifest registry at ${registryUrl} could not be reached.`, { cause })
  }
}

export class ManifestRejectedError extends BaseError {
  override name = 'ManifestRejectedError' as const
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`The registry refused the manifest (${status}): ${reason}`)
  }
}

export type PublishManifestErrorType = RegistryUnreachableError | ManifestRejectedError

/** Stores a manifest in the registry (`PUT /swarms/<id>`, idempotent) and returns its swarm id. */
export async function publishManifest(registryUrl: string, manifest: Manifest): Promise<Hex> {
  const swarmId = swarmIdOf(manifest)
  let response: Response
  try {
    response = await fetch(`${registryUrl.replace(/\/$/, '')}/swarms/${swarmId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(manifest),
    })
  } catch (error) {
    throw new RegistryUnreachableError(registryUrl, error)
  }
  if (response.ok) return swarmId
  // The registry answers errors as { error, message }; anything else is shown as the start of its text.
  const body = await response.text()
  let reason = body.slice(0, 300)
  try {
    reason = (JSON.parse(body) as { message?: string }).message ?? reason
  } catch {
    // Not JSON (a proxy's error page): the raw text above is the best explanation there is.
  }
  throw new ManifestRejectedError(response.status, reason)
}
