// Content-addressed store of swarm manifests, so a volunteer holding only a swarm id can fetch what to
// train. A manifest is accepted only if it is valid and its keccak256 id is the id it is stored under; it is
// kept as canonical JSON, so the bytes served hash to the id and any reader can check them. Memory is the
// source of truth; with a data dir each manifest is also one `<id>.json`, written atomically and reloaded
// (and re-verified) at start. Total size is bounded because anyone may PUT.

import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseError } from '../core/errors/BaseError.ts'
import { canonicalJson } from '../core/manifest/canonicalJson.ts'
import { parseManifest } from '../core/manifest/parseManifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { writeFileAtomically } from './writeFileAtomically.ts'
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

export class RegistryFullError extends BaseError {
  override name = 'RegistryFullError' as const
  constructor(
    readonly bytes: number,
    readonly maxRegistryBytes: number,
  ) {
    super(`The manifest registry is full (${bytes} of ${maxRegistryBytes} bytes used).`)
  }
}

export class ManifestWriteError extends BaseError {
  override name = 'ManifestWriteError' as const
  constructor(
    readonly id: string,
    cause: unknown,
  ) {
    super(`Could not persist manifest ${id}.`, { cause })
  }
}

export type ManifestRegistryParameters = {
  dataDir: string | undefined
  maxRegistryBytes: number
  log: (line: string) => void
}

export type ManifestRegistry = {
  /** Stores `body` under `id` after checking it; 'exists' when that id is already stored. */
  put(id: string, body: string): Promise<'created' | 'exists'>
  /** The canonical JSON stored under `id`. */
  get(id: string): string | undefined
  count(): number
  bytes(): number
}

const swarmIdPattern = /^0x[0-9a-f]{64}$/

export function checkSwarmId(id: string): Hex {
  if (!swarmIdPattern.test(id)) throw new InvalidSwarmIdError(id)
  return id as Hex
}

/** Parses, validates and addresses a manifest; returns its canonical JSON. */
function canonicalManifest(id: Hex, body: string): string {
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

export async function createManifestRegistry({
  dataDir,
  maxRegistryBytes,
  log,
}: ManifestRegistryParameters): Promise<ManifestRegistry> {
  // Each entry carries the promise of its write, so a PUT that races a pending write answers after it.
  const entries = new Map<Hex, { json: string; persisted: Promise<void> }>()
  let total = 0
  const size = (json: string) => Buffer.byteLength(json)

  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true })
    for (const file of (await readdir(dataDir)).sort()) {
      const match = /^(0x[0-9a-f]{64})\.json$/.exec(file)
      if (!match) continue
      const id = match[1] as Hex
      try {
        const json = canonicalManifest(id, await readFile(join(dataDir, file), 'utf8'))
        if (total + size(json) > maxRegistryBytes) throw new RegistryFullError(total, maxRegistryBytes)
        entries.set(id, { json, persisted: Promise.resolve() })
        total += size(json)
      } catch (error) {
        log(`manifest registry: skipped ${file}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  return {
    async put(rawId, body) {
      const id = checkSwarmId(rawId)
      const json = canonicalManifest(id, body)
      const existing = entries.get(id)
      if (existing) {
        await existing.persisted.catch((error: unknown) => {
          throw new ManifestWriteError(id, error)
        })
        return 'exists'
      }
      if (total + size(json) > maxRegistryBytes) throw new RegistryFullError(total, maxRegistryBytes)
      const persisted =
        dataDir === undefined ? Promise.resolve() : writeFileAtomically(join(dataDir, `${id}.json`), json)
      entries.set(id, { json, persisted })
      total += size(json)
      try {
        await persisted
      } catch (error) {
        entries.delete(id)
        total -= size(json)
        throw new ManifestWriteError(id, error)
      }
      return 'created'
    },
    get: (id) => entries.get(id as Hex)?.json,
    count: () => entries.size,
    bytes: () => total,
  }
}
