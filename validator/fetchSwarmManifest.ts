import type { Hex } from 'viem'
import type { Manifest } from '../core/manifest/Manifest.ts'
import { parseManifest } from '../core/manifest/parseManifest.ts'
import { ValidatorSetupError } from './ValidatorSetupError.ts'

/** The manifest the registry (the signaling server's `/swarms/<id>`) holds for a swarm; ValidatorSetupError if none. */
export async function fetchSwarmManifest(registry: string, swarmId: Hex): Promise<Manifest> {
  const url = `${registry.replace(/\/$/, '')}/swarms/${swarmId}`
  const response = await fetch(url).catch((error: unknown) => {
    throw new ValidatorSetupError(`the registry at ${registry} is unreachable`, { cause: error })
  })
  if (!response.ok) throw new ValidatorSetupError(`the registry answered ${response.status} for ${url}`)
  return parseManifest(await response.json())
}
