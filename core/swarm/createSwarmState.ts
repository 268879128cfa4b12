import * as Y from 'yjs'
import { BaseError } from '../errors/BaseError.ts'
import { type Envelope, openRecord, sealRecord } from './recordEnvelope.ts'
import { type AuthorityContext, authorityIssue } from './authority/recordAuthority.ts'
import { bansInForce, forfeituresInForce } from './authority/bansInForce.ts'
import { noValidators, type ValidatorSet } from './authority/ValidatorSet.ts'
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
  /**
   * Who may ban peers: the manifest's validators (validatorSetOf). Without them (a swarm without rewards) no one
   * may, and every ban record is refused.
   */
  validators?: ValidatorSet
}

export type SwarmState = {
  readonly doc: Y.Doc
  /** The valid record under `key`: well-formed, signed by its author for this swarm, and plausible. */
  get<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined
  /**
   * Every valid record of a map whose key passes `where` (default: all); the others are skipped. Keys are bound to
   * their records (recordIssue.ts), so filtering keys first reads only the records asked for: a map full of refused
   * records (which are re-checked on every read, as their verdict may change) costs nothing to a filtered read.
   */
  values<K extends MapName>(map: K, where?: (key: string) => boolean): RecordMaps[K][]
  /** The keys stored in a map, valid records or not (nothing is verified). */
  keys(map: MapName): string[]
  /** The valid record under `key` as its author sealed it, to carry it as evidence inside another record. */
  sealed<K extends MapName>(map: K, key: string): Envelope<RecordMaps[K]> | undefined
  /** The record under `key` if well-formed and signed, plausible or not yet (the leader never writes below it). */
  stored<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined
  /** Signs and writes a record this peer authors; throws ForeignAuthorError for a record in another's name. */
  put<K extends MapName>(map: K, record: RecordMaps[K]): void
  /** Deletes records in one transaction (the leader prunes old rounds and reports). */
  remove(map: MapName, keys: readonly string[]): void
  /** The highest valid committed version seen; it never goes backwards, even if its record is deleted. */
  latestVersion(): VersionRecord | undefined
  /** The first round `peer` may not take part in, if a ban of it is in force (authority/bansInForce.ts). */
  bannedFrom(peer: PeerId): number | undefined
  /** Every peer whose ban is in force, with the first round it may not take part in. */
  bans(): ReadonlyMap<PeerId, number>
  /** Peers whose ban in force names the first version whose units they forfeit (authority/bansInForce.ts). */
  forfeitures(): ReadonlyMap<PeerId, number>
  /** Called after every change to any map, local or remote. */
  observe(listener: () => void): () => void
  /** Records ignored, counted by `<map>: <reason>`, each record once, when first read. */
  readonly ignored: ReadonlyMap<string, number>
}

/** The doc, read only: every read verifies and caches, so reading has no effect a caller could see. */
export type SwarmView = Pick<
  SwarmState,
  'get' | 'values' | 'keys' | 'stored' | 'sealed' | 'latestVersion' | 'bannedFrom' | 'bans'
>

/** A record this replica accepted, and the signed value it was stored as. */
type Kept = { record: unknown; sealed: unknown }

/** A stored value's verdict: its record if well-formed and signed, and the reasons it was already counted for. */
type Opened = { key: string; record?: unknown; issue?: string; noted: Set<string> }

/**
 * Typed, verified access to the swarm's maps in a Y.Doc. Verification is lazy and cached per stored value (a
 * signature recovery costs milliseconds; a late joiner's doc holds every version ever committed), so a record
 * costs one recovery on the first read and a map lookup after that.
 */
export function createSwarmState(
  doc: Y.Doc,
  { swarmId, signer, validators = noValidators }: SwarmStateOptions,
): SwarmState {
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
  const context: PlausibilityContext & AuthorityContext = {
    swarmId,
    latest: () => latest,
    version: (n) => stored('versions', String(n)),
    round: (r) => read('rounds', String(r)),
    known: (peer) => stored('presence', peer) !== undefined,
    validators,
    bannedFrom: (peer) => bans().get(peer),
  }
  // Authority checks build on the version before: it must be valid too, or a forged version would vouch for the
  // next forged one.
  const authorityContext: AuthorityContext = { ...context, version: validVersion }
  // What this replica accepted, kept against overwrites (Yjs lets anyone overwrite or delete any key). A committed
  // version never changes: another record under its key (history rewritten by whoever could sign it, or a
  // deletion) is ignored. A round changes only by a valid retry: a forged record over it leaves the last valid one
  // in force. Either way the replica puts the signed original back (restore), so a forgery written concurrently
  // with a commit, which Yjs may let win, cannot hide the commit from the other replicas.
  // A ban is kept the same way as a version: deleting it (Yjs lets anyone) must not lift it.
  const kept = { versions: new Map<string, Kept>(), rounds: new Map<string, Kept>(), bans: new Map<string, Kept>() }
  type KeptMap = keyof typeof kept
  const toRestore = new Set<string>()
  const identity = (map: MapName, r: unknown) =>
    map === 'versions'
      ? `${(r as VersionRecord).hash}:${(r as VersionRecord).attempt}:${(r as VersionRecord).signer}`
      : JSON.stringify(r)
  function read<K extends MapName>(map: K, key: string): RecordMaps[K] | undefined {
    const opened = open(map, key)
    const keeping = Object.hasOwn(kept, map) ? kept[map as KeptMap] : undefined
    const first = map === 'versions' || map === 'bans' ? keeping!.get(key) : undefined
    if (first) {
      const rewrite = opened?.record
      if (rewrite && identity(map, rewrite) !== identity(map, first.record))
        count(
          opened!.noted,
          map === 'versions' ? 'versions: rewrites an accepted version' : `${map}: rewrites an accepted ban`,
        )
      if (maps[map].get(key) !== first.sealed) toRestore.add(`${map}/${key}`)
      return first.record as RecordMaps[K]
    }
    if (!opened?.record) return undefined
    const record = opened.record as RecordMaps[K]
    const issue = recordImplausibility(map, record, context) ?? authorityIssue(map, record, authorityContext)
    if (issue) {
      count(opened.noted, `${map}: ${issue}`)
      const last = keeping?.get(key)
      if (!last) return undefined
      toRestore.add(`${map}/${key}`)
      return last.record as RecordMaps[K]
    }
    keeping?.set(key, { record, sealed: maps[map].get(key) })
    return record
  }
  // Bans in force, recomputed after the bans map changes: every round and version check asks about its members.
  let banIndex: Map<PeerId, number> | undefined
  let forfeitIndex: Map<PeerId, number> | undefined
  const banRecords = () =>
    [...new Set([...maps.bans.keys(), ...kept.bans.keys()])].flatMap((key) => read('bans', key) ?? [])
  function bans(): Map<PeerId, number> {
    banIndex ??= bansInForce(banRecords(), validators)
    return banIndex
  }
  function forfeitures(): Map<PeerId, number> {
    forfeitIndex ??= forfeituresInForce(banRecords(), validators)
    return forfeitIndex
  }
  function restore() {
    if (toRestore.size === 0) return
    const entries = [...toRestore].map((entry) => entry.split('/') as [KeptMap, string])
    toRestore.clear()
    doc.transact(() => {
      for (const [map, key] of entries) {
        const original = kept[map].get(key)?.sealed
        if (original !== undefined && maps[map].get(key) !== original) maps[map].set(key, original)
      }
    })
  }
  /**
   * Version `n` if it is valid, its predecessors included. Verifies upward from the highest version already
   * accepted below it, so a late joiner's first read walks its chain once, in a loop, not down a deep recursion.
   */
  function validVersion(n: number): VersionRecord | undefined {
    if (n < 0) return undefined
    const known = kept.versions.get(String(n))
    if (known) return known.record as VersionRecord
    let low = n - 1
    while (low >= 0 && !kept.versions.has(String(low))) low--
    for (let k = low + 1; k < n; k++) if (!read('versions', String(k))) return undefined
    return read('versions', String(n))
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

  maps.versions.observe((event) => {
    // Every arriving value is verified (once) as it arrives, not only when read: a forgery that an honest replica
    // overwrites a moment later still shows in `ignored`.
    for (const key of event.keysChanged) if (maps.versions.has(key)) read('versions', key)
    advance(event.keysChanged)
  })
  maps.bans.observe((event) => {
    banIndex = undefined
    forfeitIndex = undefined
    for (const key of event.keysChanged) if (kept.bans.has(key)) read('bans', key)
  })
  maps.rounds.observe((event) => {
    for (const key of event.keysChanged) if (maps.rounds.has(key)) read('rounds', key)
  })
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return
    restore()
    // The next version may have become plausible because another record arrived (a contributor's presence).
    advance([])
    for (const listener of [...listeners]) listener()
  })
  advance(maps.versions.keys())

  return {
    doc,
    ignored,
    get: (map, key) => read(map, key),
    values(map, where) {
      const out: RecordMaps[typeof map][] = []
      for (const key of maps[map].keys()) {
        if (where && !where(key)) continue
        const record = read(map, key)
        if (record) out.push(record)
      }
      return out
    },
    keys: (map) => [...maps[map].keys()],
    stored,
    sealed(map, key) {
      return read(map, key) ? (maps[map].get(key) as Envelope<RecordMaps[typeof map]>) : undefined
    },
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
    bannedFrom: (peer) => bans().get(peer),
    bans,
    forfeitures,
    observe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
