import * as Y from 'yjs'
import { recordIssue } from './recordIssue.ts'
import { type MapName, mapNames, type RecordMaps, recordKey, type VersionRecord } from './records.ts'

export type SwarmState = {
  readonly doc: Y.Doc
  get<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined
  /** Every valid record of a map; invalid ones are skipped. */
  values<K extends MapName>(map: K): RecordMaps[K][]
  put<K extends MapName>(map: K, record: RecordMaps[K]): void
  /** Deletes records in one transaction (the leader prunes old rounds and reports). */
  remove(map: MapName, keys: readonly string[]): void
  /** The committed version with the highest number. */
  latestVersion(): VersionRecord | undefined
  /** Called after every change to any map, local or remote. */
  observe(listener: () => void): () => void
  /** Records ignored because they were malformed, counted by `<map>: <reason>`. */
  readonly ignored: ReadonlyMap<string, number>
}

/** Typed, validated access to the swarm's maps in a Y.Doc. */
export function createSwarmState(doc: Y.Doc): SwarmState {
  const maps = Object.fromEntries(mapNames.map((name) => [name, doc.getMap<unknown>(name)])) as Record<MapName, Y.Map<unknown>>
  const ignored = new Map<string, number>()
  const listeners = new Set<() => void>()
  let latest: VersionRecord | undefined

  const read = <K extends MapName>(map: K, key: string, value: unknown): RecordMaps[K] | undefined =>
    recordIssue(map, key, value) === undefined ? (value as RecordMaps[K]) : undefined
  const refreshLatest = () => {
    latest = undefined
    maps.versions.forEach((value, key) => {
      const record = read('versions', key, value)
      if (record && (!latest || record.version > latest.version)) latest = record
    })
  }

  for (const name of mapNames) {
    maps[name].observe((event) => {
      for (const [key, change] of event.changes.keys) {
        if (change.action === 'delete') continue
        const issue = recordIssue(name, key, maps[name].get(key))
        if (issue) ignored.set(`${name}: ${issue}`, (ignored.get(`${name}: ${issue}`) ?? 0) + 1)
        else if (name === 'versions') {
          const record = maps.versions.get(key) as VersionRecord
          if (!latest || record.version > latest.version) latest = record
        }
      }
      if (name === 'versions' && [...event.changes.keys.values()].some((c) => c.action !== 'add')) refreshLatest()
    })
  }
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return
    for (const listener of [...listeners]) listener()
  })
  refreshLatest()

  return {
    doc,
    ignored,
    get: (map, key) => read(map, key, maps[map].get(key)),
    values: (map) => {
      const out: RecordMaps[typeof map][] = []
      maps[map].forEach((value, key) => {
        const record = read(map, key, value)
        if (record) out.push(record)
      })
      return out
    },
    put: (map, record) => {
      const key = (recordKey[map] as (r: typeof record) => string)(record)
      maps[map].set(key, record)
    },
    remove: (map, keys) => {
      if (keys.length === 0) return
      doc.transact(() => {
        for (const key of keys) maps[map].delete(key)
      })
    },
    latestVersion: () => latest,
    observe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
