import { BaseError } from '../../../core/errors/BaseError.ts'
import type { Manifest } from '../../../core/manifest/Manifest.ts'
import { parseManifest } from '../../../core/manifest/parseManifest.ts'
import { swarmIdOf } from '../../../core/manifest/swarmIdOf.ts'
import type { Hex } from '../../../core/types/Hex.ts'

export class ManifestUnavailableError extends BaseError {
  override name = 'ManifestUnavailableError' as const
  constructor(
    readonly swarmId: string,
    reason: string,
  ) {
    super(`The manifest of swarm ${swarmId.slice(0, 12)}… is unavailable: ${reason}.`)
  }
}

export class ManifestMismatchError extends BaseError {
  override name = 'ManifestMismatchError' as const
  constructor(
    readonly swarmId: string,
    readonly actual: string,
  ) {
    super(`The registry returned a manifest whose id is ${actual}, not ${swarmId}: refusing to train on it.`)
  }
}

/** Fetches a swarm's manifest from the registry and checks that it hashes to the swarm id we were given. */
export async function fetchManifest(registryUrl: string, swarmId: Hex): Promise<Manifest> {
  let response: Response
  try {
    response = await fetch(`${registryUrl.replace(/\/$/, '')}/swarms/${swarmId}`)
  } catch (error) {
    throw new ManifestUnavailableError(
      swarmId,
      `the registry at ${registryUrl} is unreachable (${(error as Error).message})`,
    )
  }
  if (response.status === 404) throw new ManifestUnavailableError(swarmId, 'no such swarm in the registry')
  if (!response.ok) throw new ManifestUnavailableError(swarmId, `the registry answered ${response.status}`)
  const manifest = parseManifest(await response.json())
  const actual = swarmIdOf(manifest)
  if (actual !== swarmId) throw new ManifestMismatchError(swarmId, actual)
  return manifest
}
