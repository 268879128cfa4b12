// What the manifest registry holds in memory: pinned entries apart, the others in order of last use, with the
// byte totals and the uploaders' charges kept in step with every change. Which entries to drop and when is
// manifestRegistry.ts's policy.

import type { Hex } from '../core/types/Hex.ts'
import type { UploaderQuota } from './uploaderQuota.ts'

export type ManifestEntry = {
  json: string
  bytes: number
  /** Undefined for pinned manifests and for those reloaded from disk (the uploader is not recorded there). */
  uploader: string | undefined
  lastUsedAt: number
  /** The disk write; a PUT of the same id while it is pending answers after it. */
  persisted: Promise<void>
}

export type ManifestTable = {
  get(id: Hex): ManifestEntry | undefined
  add(id: Hex, entry: ManifestEntry, pinned: boolean): void
  /** Removes `entry` if `id` still holds it (a failed write may find it evicted and replaced). */
  remove(id: Hex, entry: ManifestEntry): void
  /** Marks an unpinned entry used at `now`, moving it to the back of the eviction order. */
  use(id: Hex, now: number): void
  /** Unpinned entries, least recently used first. Removing while iterating is safe; a use re-inserts, so defer it. */
  byLastUse(): IterableIterator<[Hex, ManifestEntry]>
  count(): number
  bytes(): number
  pinnedCount(): number
  pinnedBytes(): number
}

export function createManifestTable(quota: UploaderQuota): ManifestTable {
  const pinned = new Map<Hex, ManifestEntry>()
  // A use deletes and re-inserts, and Maps iterate in insertion order: least recently used first, O(1) a use.
  const evictable = new Map<Hex, ManifestEntry>()
  let total = 0
  let pinnedTotal = 0
  return {
    get: (id) => pinned.get(id) ?? evictable.get(id),
    add(id, entry, isPinned) {
      ;(isPinned ? pinned : evictable).set(id, entry)
      total += entry.bytes
      if (isPinned) pinnedTotal += entry.bytes
      if (entry.uploader !== undefined) quota.charge(entry.uploader, entry.bytes)
    },
    remove(id, entry) {
      if (pinned.get(id) === entry) {
        pinned.delete(id)
        pinnedTotal -= entry.bytes
      } else if (evictable.get(id) === entry) evictable.delete(id)
      else return
      total -= entry.bytes
      if (entry.uploader !== undefined) quota.refund(entry.uploader, entry.bytes)
    },
    use(id, now) {
      const entry = evictable.get(id)
      if (!entry) return
      evictable.delete(id)
      entry.lastUsedAt = now
      evictable.set(id, entry)
    },
    byLastUse: () => evictable.entries(),
    count: () => pinned.size + evictable.size,
    bytes: () => total,
    pinnedCount: () => pinned.size,
    pinnedBytes: () => pinnedTotal,
  }
}
