import { BaseError } from '../core/errors/BaseError.ts'
import type { Manifest } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'

export class ManifestRegistrationError extends BaseError {
  override name = 'ManifestRegistrationError' as const
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`The registry refused the manifest (${status}).`, { details: body.slice(0, 500) })
  }
}

/** Stores a manifest in the registry under its swarm id; storing it again is harmless. */
export async function registerManifest(registryUrl: string, manifest: Manifest): Promise<`0x${string}`> {
  const swarmId = swarmIdOf(manifest)
  const response = await fetch(`${registryUrl}/swarms/${swarmId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(manifest),
  })
  if (!response.ok) throw new ManifestRegistrationError(response.status, await response.text())
  return swarmId
}
