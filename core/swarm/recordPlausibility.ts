import type { MapName, RecordMaps, VersionRecord } from './records.ts'
import type { PeerId } from '../types/PeerId.ts'

/** What a record is checked against: the other records of the doc, each already well-formed and signed. */
export type PlausibilityContext = {
  /** The highest committed version this replica accepts. */
  latest(): VersionRecord | undefined
  /** Version `n` as stored (well-formed and signed, not itself checked for plausibility: no chains of checks). */
  version(n: number): VersionRecord | undefined
  /** A peer that has published a presence record. */
  known(peer: PeerId): boolean
}

const ahead = 'ahead of the latest version'

/**
 * Why a well-formed, signed record cannot be right given the rest of the doc, or undefined. A signature says who
 * wrote a record, not that it is true: these catch what no honest peer writes. Some hold only for a moment (a
 * record that arrives before the records it builds on, by another path of the mesh); readers re-check on every
 * read, so such a record counts once it fits.
 */
export function recordImplausibility<K extends MapName>(
  map: K,
  record: RecordMaps[K],
  context: PlausibilityContext,
): string | undefined {
  const latest = context.latest()?.version ?? -1
  switch (map) {
    case 'versions': {
      const v = record as VersionRecord
      if (v.version === 0)
        return v.contributors.length > 0 || v.nextOffset !== 0 ? 'version 0 with contributions' : undefined
      if (v.contributors.length === 0) return 'no contributors'
      if (v.contributors.some((peer) => !context.known(peer))) return 'unknown member'
      const previous = context.version(v.version - 1)
      if (!previous) return 'previous version unknown'
      // Every contributor's batch is counted once and the sample stream has no holes: the chain only moves on.
      if (
        v.batchSize !== previous.batchSize ||
        v.nextOffset !== previous.nextOffset + v.contributors.length * v.batchSize
      )
        return 'samples do not follow the previous version'
      return undefined
    }
    case 'rounds': {
      const r = record as RecordMaps['rounds']
      if (r.round > latest) return ahead
      if (r.members.some((peer) => !context.known(peer))) return 'unknown member'
      const base = context.version(r.round)
      return base && r.offset !== base.nextOffset ? 'offset does not follow its version' : undefined
    }
    case 'reports':
      return (record as RecordMaps['reports']).version > latest + 1 ? ahead : undefined
    case 'failures':
      return (record as RecordMaps['failures']).round > latest ? ahead : undefined
    case 'commitments':
      return (record as RecordMaps['commitments']).round > latest ? ahead : undefined
    case 'presence':
      return (record as RecordMaps['presence']).version > latest ? ahead : undefined
    case 'evaluations': {
      const e = record as RecordMaps['evaluations']
      return e.version > latest ? ahead : !context.known(e.peer) ? 'unknown member' : undefined
    }
    case 'bans':
      // A ban may name any version: validators write it ahead of the latest (banVersion.ts).
      return undefined
    case 'endpoints':
      return undefined
    default:
      return map satisfies never
  }
}
