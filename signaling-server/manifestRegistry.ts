// Content-addressed store of swarm manifests, so a volunteer holding only a swarm id can fetch what to train
// (docs/architecture.md §2). Anyone may PUT, so what it keeps is bounded three ways, none of which lets one
// client fill it to refuse the others:
// - per uploader (uploaderQuota.ts): at most maxManifestsPerUploader manifests and maxRegistryBytesPerUploader
//   bytes at once;
// - by use: a manifest nobody has fetched or signalled about for manifestIdleTtlMs is evicted;
// - by size: a new manifest that would pass maxRegistryBytes evicts the least recently used ones first, so a
//   full registry still takes new swarms.
// A swarm whose room has subscribers counts as used whenever it comes up for eviction: it is in use right now,
// even if nobody has said anything lately. Pinned ids (the operator's config) never expire, are never evicted
// and count against no uploader. Memory is the source of truth; manifestStore.ts mirrors it to the data dir.

import type { Clock } from '../core/types/Clock.ts'
import type { Hex } from '../core/types/Hex.ts'
import { BaseError } from '../core/errors/BaseError.ts'
import { canonicalManifest, checkSwarmId } from './canonicalManifest.ts'
import type { SignalingLimits } from './limits.ts'
import { createManifestStore } from './manifestStore.ts'
import { createManifestTable, type ManifestEntry } from './manifestTable.ts'
import { createUploaderQuota, type UploaderUsage } from './uploaderQuota.ts'

/** The new manifest does not fit beside the pinned ones, the only manifests that cannot make room. */
export class RegistryFullError extends BaseError {
  override name = 'RegistryFullError' as const
  constructor(
    readonly bytes: number,
    readonly pinnedBytes: number,
    readonly maxRegistryBytes: number,
  ) {
    super(
      `A manifest of ${bytes} bytes does not fit in the registry: max-registry-bytes is ${maxRegistryBytes}, ` +
        `${pinnedBytes} of them held by pinned manifests.`,
    )
  }
}

export type RegistryLimits = Pick<
  SignalingLimits,
  'maxRegistryBytes' | 'maxManifestsPerUploader' | 'maxRegistryBytesPerUploader' | 'manifestIdleTtlMs'
>

export type ManifestRegistryParameters = {
  dataDir: string | undefined
  limits: RegistryLimits
  /** Ids kept for good (the demo swarm): never expired or evicted, charged to no uploader. */
  pinned?: Iterable<Hex>
  clock: Clock
  /** Whether the swarm's room has subscribers right now; default never. */
  inUse?: (id: Hex) => boolean
  log: (line: string) => void
}

export const evictionReasons = ['idle', 'lru'] as const
export type EvictionReason = (typeof evictionReasons)[number]

export type RegistryStats = {
  manifests: number
  bytes: number
  pinned: number
  /** Uploaders holding at least one manifest, and the most any one of them holds. */
  uploaders: number
  largestUploader: UploaderUsage
  evictions: Record<EvictionReason, number>
}

export type ManifestRegistry = {
  /**
   * Stores `body` under `id` after checking it, charged to `uploader`; 'exists' when that id is already stored.
   * Throws the errors of canonicalManifest.ts, UploaderQuotaError, RegistryFullError, ManifestWriteError.
   */
  put(id: string, body: string, uploader: string): Promise<'created' | 'exists'>
  /** The canonical JSON stored under `id`; a fetch counts as use. */
  get(id: string): string | undefined
  /** Marks a swarm as used (traffic on its signaling topics); unknown ids are ignored. */
  touch(id: Hex): void
  /** Evicts what has been idle for the TTL. Runs on a timer and before every put and get. */
  sweep(): void
  stats(): RegistryStats
  /** Stops the sweep timer and waits for pending disk writes. */
  close(): Promise<void>
}

// The timer only keeps /metrics and the data dir current while no request arrives; requests sweep first.
const maxSweepPeriodMs = 60_000

export async function createManifestRegistry({
  dataDir,
  limits,
  pinned = [],
  clock,
  inUse = () => false,
  log,
}: ManifestRegistryParameters): Promise<ManifestRegistry> {
  const pinnedIds = new Set(pinned)
  const store = createManifestStore(dataDir, log)
  const quota = createUploaderQuota(limits)
  const table = createManifestTable(quota)
  const evictions: Record<EvictionReason, number> = { idle: 0, lru: 0 }

  const evict = (id: Hex, entry: ManifestEntry, reason: EvictionReason) => {
    table.remove(id, entry)
    store.remove(id)
    evictions[reason]++
  }

  const sweep = () => {
    const now = clock.now()
    const renewed: Hex[] = []
    for (const [id, entry] of table.byLastUse()) {
      if (now - entry.lastUsedAt < limits.manifestIdleTtlMs) break
      if (inUse(id)) renewed.push(id)
      else evict(id, entry, 'idle')
    }
    for (const id of renewed) table.use(id, now)
  }

  /** The least recently used manifest not in use; if every one is in use, the least recently used of all. */
  const lruVictim = (): [Hex, ManifestEntry] | undefined => {
    const renewed: Hex[] = []
    let victim: [Hex, ManifestEntry] | undefined
    for (const candidate of table.byLastUse()) {
      if (!inUse(candidate[0])) {
        victim = candidate
        break
      }
      renewed.push(candidate[0])
    }
    for (const id of renewed) table.use(id, clock.now())
    return victim ?? table.byLastUse().next().value
  }

  const makeRoom = (bytes: number) => {
    // Checked first, so a manifest that cannot fit anyway evicts nobody.
    if (table.pinnedBytes() + bytes > limits.maxRegistryBytes)
      throw new RegistryFullError(bytes, table.pinnedBytes(), limits.maxRegistryBytes)
    while (table.bytes() + bytes > limits.maxRegistryBytes) {
      const victim = lruVictim()
      // Past the check above the unpinned manifests hold the excess, so there is always one.
      if (!victim) throw new RegistryFullError(bytes, table.pinnedBytes(), limits.maxRegistryBytes)
      evict(victim[0], victim[1], 'lru')
    }
  }

  // Pinned manifests load first, so a data dir holding more than the limit never leaves them out.
  const stored = await store.load()
  stored.sort((a, b) => Number(pinnedIds.has(b.id)) - Number(pinnedIds.has(a.id)))
  for (const { id, json } of stored) {
    const bytes = Buffer.byteLength(json)
    if (table.bytes() + bytes > limits.maxRegistryBytes) {
      log(`manifest registry: skipped ${id}.json: the registry is full (max-registry-bytes ${limits.maxRegistryBytes})`)
      continue
    }
    const entry = { json, bytes, uploader: undefined, lastUsedAt: clock.now(), persisted: Promise.resolve() }
    table.add(id, entry, pinnedIds.has(id))
  }

  const sweepPeriodMs = Math.min(maxSweepPeriodMs, limits.manifestIdleTtlMs)
  let timer = clock.setTimeout(function tick() {
    sweep()
    timer = clock.setTimeout(tick, sweepPeriodMs)
  }, sweepPeriodMs)

  return {
    async put(rawId, body, uploader) {
      const id = checkSwarmId(rawId)
      const json = canonicalManifest(id, body)
      sweep()
      const existing = table.get(id)
      if (existing) {
        table.use(id, clock.now())
        await existing.persisted
        return 'exists'
      }
      const bytes = Buffer.byteLength(json)
      const isPinned = pinnedIds.has(id)
      // Checked before anything is evicted, so a refused upload costs nobody their manifest.
      if (!isPinned) quota.check(uploader, bytes)
      makeRoom(bytes)
      const entry: ManifestEntry = {
        json,
        bytes,
        uploader: isPinned ? undefined : uploader,
        lastUsedAt: clock.now(),
        persisted: store.write(id, json),
      }
      table.add(id, entry, isPinned)
      try {
        await entry.persisted
      } catch (error) {
        table.remove(id, entry)
        throw error
      }
      return 'created'
    },
    get(rawId) {
      sweep()
      const id = rawId as Hex
      const entry = table.get(id)
      if (entry) table.use(id, clock.now())
      return entry?.json
    },
    touch: (id) => table.use(id, clock.now()),
    sweep,
    stats: () => ({
      manifests: table.count(),
      bytes: table.bytes(),
      pinned: table.pinnedCount(),
      uploaders: quota.uploaders(),
      largestUploader: quota.largest(),
      evictions: { ...evictions },
    }),
    async close() {
      clock.clearTimeout(timer)
      await store.settled()
    },
  }
}
