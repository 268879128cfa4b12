// The manifest registry's disk copy: one `<id>.json` of canonical JSON per manifest in the data dir, written
// atomically and re-verified when loaded, so a file edited or swapped on disk is never served. Without a data
// dir it keeps nothing. Operations on one id run in order (a removal waits for a pending write, a rewrite for a
// pending removal), so an eviction racing a re-upload of the same id cannot leave memory and disk disagreeing.

import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseError } from '../core/errors/BaseError.ts'
import type { Hex } from '../core/types/Hex.ts'
import { canonicalManifest } from './canonicalManifest.ts'
import { writeFileAtomically } from './writeFileAtomically.ts'

export class ManifestWriteError extends BaseError {
  override name = 'ManifestWriteError' as const
  constructor(
    readonly id: string,
    cause: unknown,
  ) {
    super(`Could not persist manifest ${id}.`, { cause })
  }
}

export type StoredManifest = { id: Hex; json: string }

export type ManifestStore = {
  /** Every stored manifest that still hashes to its file name, by name; others are skipped and logged. */
  load(): Promise<StoredManifest[]>
  /** Rejects with ManifestWriteError. */
  write(id: Hex, json: string): Promise<void>
  /** Deletes the manifest's file; a failure is logged, since no request waits for it. */
  remove(id: Hex): void
  /** Resolves once every queued write and removal has finished. */
  settled(): Promise<void>
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

export function createManifestStore(dataDir: string | undefined, log: (line: string) => void): ManifestStore {
  if (dataDir === undefined)
    return { load: async () => [], write: async () => undefined, remove: () => undefined, settled: async () => {} }
  const queues = new Map<Hex, Promise<void>>()
  const enqueue = (id: Hex, operation: () => Promise<void>): Promise<void> => {
    const previous = queues.get(id) ?? Promise.resolve()
    // Runs after the previous operation whatever its outcome: that outcome belongs to its own caller.
    const run = previous.then(operation, operation)
    queues.set(id, run)
    const forget = () => {
      if (queues.get(id) === run) queues.delete(id)
    }
    void run.then(forget, forget)
    return run
  }
  const path = (id: Hex) => join(dataDir, `${id}.json`)

  return {
    async load() {
      await mkdir(dataDir, { recursive: true })
      const loaded: StoredManifest[] = []
      for (const file of (await readdir(dataDir)).sort()) {
        const match = /^(0x[0-9a-f]{64})\.json$/.exec(file)
        if (!match) continue
        const id = match[1] as Hex
        try {
          loaded.push({ id, json: canonicalManifest(id, await readFile(join(dataDir, file), 'utf8')) })
        } catch (error) {
          log(`manifest registry: skipped ${file}: ${messageOf(error)}`)
        }
      }
      return loaded
    },
    write: (id, json) =>
      enqueue(id, async () => {
        try {
          await writeFileAtomically(path(id), json)
        } catch (error) {
          throw new ManifestWriteError(id, error)
        }
      }),
    remove(id) {
      void enqueue(id, async () => {
        try {
          await rm(path(id), { force: true })
        } catch (error) {
          log(`manifest registry: could not delete ${id}.json: ${messageOf(error)}`)
        }
      })
    },
    settled: async () => {
      await Promise.allSettled([...queues.values()])
    },
  }
}
