import * as Y from 'yjs'
import { BaseError } from '../errors/BaseError.ts'
import { type Envelope, openRecord, sealRecord } from './recordEnvelope.ts'
import { type PlausibilityContext, recordImplausibility } from './recordPlausibility.ts'
import type { RecordSigner } from './recordSignature.ts'
import { authorOf, type MapName, mapNames, type RecordMaps, recordKey, type VersionRecord } from './records.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export class ForeignAuthorError extends BaseError {
  override name = 'ForeignAuthorError' as const
  constructor(
    readonly map: MapName,
    readonly author: PeerId,
    readonly signer: PeerId,
  ) {
    super(`A ${map} record names ${author} as its author, but this peer signs as ${signer}.`)
  }
}

export type SwarmStateOptions = {
  /** The swarm's id: every record is signed for this swarm only. */
  swarmId: Hex
  /** Signs what this peer writes; records must name its address as their author. */
  signer: RecordSigner
}

export type SwarmState = {
  readonly doc: Y.Doc
  /** The valid record under `key`: well-formed, signed by its author for this swarm, and plausible. */
  get<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined
  /** Every valid record of a map; the others are skipped. Verifies every record once: prefer `get` on long maps. */
  values<K extends MapName>(map: K): RecordMaps[K][]
  /** The keys stored in a map, valid records or not (nothing is verified). */
  keys(map: MapName): string[]
  /** The record under `key` if well-formed and signed, plausible or not yet (the leader never writes below it). */
  stored<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined
  /** Signs and writes a record this peer authors; throws ForeignAuthorError for a record in another's name. */
  put<K extends MapName>(map: K, record: RecordMaps[K]): void
  /** Deletes records in one transaction (the leader prunes old rounds and reports). */
  remove(map: MapName, keys: readonly string[]): void
  /** The highest valid committed version seen; it never goes backwards, even if its record is deleted. */
  latestVersion(): VersionRecord | undefined
  /** Called after every change to any map, local or remote. */
  observe(listener: () => void): () => void
  /** Records ignored, counted by `<map>: <reason>`, each record once, when first read. */
  readonly ignored: ReadonlyMap<string, number>
}

/** The doc, read only: every read verifies and caches, so reading has no effect a caller could see. */
export type SwarmView = Pick<SwarmState, 'get' | 'values' | 'keys' | 'stored' | 'latestVersion'>

/** A stored value's verdict: its record if well-formed and signed, and the reasons it was already counted for. */
type Opened = { key: string; record?: unknown; issue?: string; noted: Set<string> }

/**
 * Typed, verified access to the swarm's maps in a Y.Doc. Verification is lazy and cached per stored value (a
 * signature recovery costs milliseconds; a late joiner's doc holds every version ever committed), so a record
 * costs one recovery on the first read and a map lookup after that.
 */
export function createSwarmState(doc: Y.Doc, { swarmId, signer }: SwarmStateOptions): SwarmState {
  const maps = Object.fromEntries(mapNames.map((name) => [name, doc.getMap<unknown>(name)])) as Record<
    MapName,
    Y.Map<unknown>
  >
  const ignored = new Map<string, number>()
  const cache = new WeakMap<object, Opened>()
  const listeners = new Set<() => void>()
  let latest: VersionRecord | undefined

  const count = (noted: Set<string>, reason: string) => {
    if (noted.has(reason)) return
    noted.add(reason)
    ignored.set(reason, (ignored.get(reason) ?? 0) + 1)
  }
  // Values that are not objects cannot key the WeakMap: their issue is remembered by map, key and value.
  const primitives = new Set<string>()
  function open<K extends MapName>(map: K, key: string): Opened | undefined {
    const value = maps[map].get(key)
    if (value === undefined) return undefined
    if (typeof value !== 'object' || value === null) {
      count(primitives, `${map}: not a signed record`)
      return { key, issue: 'not a signed record', noted: primitives }
    }
    let opened = cache.get(value)
    if (!opened || opened.key !== key) {
      const result = openRecord(swarmId, map, key, value)
      cache.set(value, (opened = { key, ...result, noted: new Set() }))
      if ('issue' in result) count(opened.noted, `${map}: ${result.issue}`)
    }
    return opened
  }
  const stored = <K extends MapName>(map: K, key: string) => open(map, key)?.record as RecordMaps[K] | undefined
  const context: PlausibilityContext = {
    latest: () => latest,
    version: (n) => stored('versions', String(n)),
    known: (peer) => stored('presence', peer) !== undefined,
  }
  function read<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined {
    const opened = open(map, key)
    if (!opened?.record) return undefined
    const record = opened.record as RecordMaps[K]
    const issue = recordImplausibility(map, record, context)
    if (!issue) return record
    count(opened.noted, `${map}: ${issue}`)
    return undefined
  }

  /** Moves `latest` up to the highest plausible version among `keys`, then on while its successor is there. */
  function advance(keys: Iterable<string>) {
    const numbers = [...keys]
      .map(Number)
      .filter((n) => Number.isSafeInteger(n) && n > (latest?.version ?? -1))
      .sort((a, b) => b - a)
    for (const n of numbers) {
      const record = read('versions', String(n))
      if (record) {
        latest = record
        break
      }
    }
    for (
      let next = read('versions', String((latest?.version ?? -1) + 1));
      next;
      next = read('versions', String(next.version + 1))
    )
      latest = next
  }

  maps.versions.observe((event) => advance(event.keysChanged))
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return
    // The next version may have become plausible because another record arrived (a contributor's presence).
    advance([])
    for (const listener of [...listeners]) listener()
  })
  advance(maps.versions.keys())

  return {
    doc,
    ignored,
    get: (map, key) => read(map, key),
    values(map) {
      const out: RecordMaps[typeof map][] = []
      for (const key of maps[map].keys()) {
        const record = read(map, key)
        if (record) out.push(record)
      }
      return out
    },
    keys: (map) => [...maps[map].keys()],
    stored,
    put(map, record) {
      const author = (authorOf[map] as (r: typeof record) => PeerId)(record)
      if (author !== signer.address) throw new ForeignAuthorError(map, author, signer.address)
      const key = (recordKey[map] as (r: typeof record) => string)(record)
      const envelope: Envelope = sealRecord(signer, swarmId, map, key, record)
      cache.set(envelope, { key, record, noted: new Set() })
      maps[map].set(key, envelope)
    },
    remove(map, keys) {
      if (keys.length === 0) return
      doc.transact(() => {
        for (const key of keys) maps[map].delete(key)
      })
    },
    latestVersion: () => latest,
    observe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
