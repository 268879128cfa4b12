// Checks an uploaded manifest against the id it is stored under and returns the bytes the registry keeps: the
// canonical JSON, whose keccak256 is the id, so anyone reading it back can check it (docs/architecture.md §2).

import { BaseError } from '../core/errors/BaseError.ts'
import { canonicalJson } from '../core/manifest/canonicalJson.ts'
import { parseManifest } from '../core/manifest/parseManifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import type { Hex } from '../core/types/Hex.ts'

export class InvalidSwarmIdError extends BaseError {
  override name = 'InvalidSwarmIdError' as const
  constructor(readonly id: string) {
    super(`${JSON.stringify(id.slice(0, 80))} is not a swarm id: expected 0x and 64 lowercase hex digits.`)
  }
}

export class ManifestJsonError extends BaseError {
  override name = 'ManifestJsonError' as const
  constructor(cause: unknown) {
    super('The request body is not JSON.', { cause })
  }
}

export class SwarmIdMismatchError extends BaseError {
  override name = 'SwarmIdMismatchError' as const
  constructor(
    readonly id: string,
    readonly actual: Hex,
  ) {
    super(`The manifest's swarm id is ${actual}, not ${id}.`, {
      metaMessages: ['The id is keccak256 of the canonical JSON of the manifest.'],
    })
  }
}

const swarmIdPattern = /^0x[0-9a-f]{64}$/

export const isSwarmId = (id: string): id is Hex => swarmIdPattern.test(id)

export function checkSwarmId(id: string): Hex {
  if (!isSwarmId(id)) throw new InvalidSwarmIdError(id)
  return id
}

/** Parses, validates and addresses a manifest; returns its canonical JSON. */
export function canonicalManifest(id: Hex, body: string): string {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (error) {
    throw new ManifestJsonError(error)
  }
  const manifest = parseManifest(value)
  const actual = swarmIdOf(manifest)
  if (actual !== id) throw new SwarmIdMismatchError(id, actual)
  return canonicalJson(manifest)
}
