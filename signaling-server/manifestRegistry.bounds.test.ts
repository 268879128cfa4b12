// The registry's bounds on a virtual clock, without HTTP: per-uploader quota, idle expiry, least recently used
// eviction when full, pinned manifests, and a flood from thousands of addresses that cannot lock anyone out.

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createRandom } from '../core/random/createRandom.ts'
import { createVirtualClock } from '../core/testing/createVirtualClock.ts'
import type { Hex } from '../core/types/Hex.ts'
import { defaultLimits } from './limits.ts'
import {
  createManifestRegistry,
  type ManifestRegistry,
  type ManifestRegistryParameters,
  RegistryFullError,
} from './manifestRegistry.ts'
import { numberedManifest } from './testing/numberedManifest.ts'
import { UploaderQuotaError } from './uploaderQuota.ts'

const size = numberedManifest(0).bytes
const ttl = 10_000
const registries: ManifestRegistry[] = []
const directories: string[] = []
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()))
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })))
})

type Options = Partial<Omit<ManifestRegistryParameters, 'limits' | 'clock'>> & {
  limits?: Partial<ManifestRegistryParameters['limits']>
}

async function open(options: Options = {}) {
  const clock = createVirtualClock()
  const logs: string[] = []
  const registry = await createManifestRegistry({
    dataDir: undefined,
    log: (line) => logs.push(line),
    ...options,
    clock,
    limits: { ...defaultLimits, manifestIdleTtlMs: ttl, ...options.limits },
  })
  registries.push(registry)
  return { registry, clock, logs }
}

const put = (registry: ManifestRegistry, n: number, uploader: string, label = 'n') => {
  const { id, body } = numberedManifest(n, label)
  return registry.put(id, body, uploader)
}
// A get counts as use, so tests look this way only where renewing what they look at changes nothing.
const has = (registry: ManifestRegistry, n: number, label = 'n') =>
  registry.get(numberedManifest(n, label).id) !== undefined

describe('per-uploader quota', () => {
  test('refuses an uploader its next manifest past the count, naming the limit and its value', async () => {
    const { registry } = await open({ limits: { maxManifestsPerUploader: 3 } })
    for (let n = 0; n < 3; n++) expect(await put(registry, n, '198.51.100.7')).toBe('created')
    const refusal = await put(registry, 3, '198.51.100.7').catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(UploaderQuotaError)
    expect(refusal).toMatchObject({ limit: 'maxManifestsPerUploader', value: 3, held: 3 })
    // Another uploader, and a manifest already stored, are not affected.
    expect(await put(registry, 3, '198.51.100.8')).toBe('created')
    expect(await put(registry, 0, '198.51.100.7')).toBe('exists')
    expect(registry.stats()).toMatchObject({ manifests: 4, uploaders: 2, largestUploader: { manifests: 3 } })
  })

  test('refuses past the bytes per uploader', async () => {
    const { registry } = await open({ limits: { maxRegistryBytesPerUploader: 2 * size + 1 } })
    await put(registry, 0, 'a')
    await put(registry, 1, 'a')
    await expect(put(registry, 2, 'a')).rejects.toMatchObject({
      name: 'UploaderQuotaError',
      limit: 'maxRegistryBytesPerUploader',
      value: 2 * size + 1,
      held: 2 * size,
      bytes: size,
    })
    expect(registry.stats().largestUploader).toEqual({ manifests: 2, bytes: 2 * size })
  })

  test('an evicted manifest gives its uploader its share back', async () => {
    const { registry, clock } = await open({ limits: { maxManifestsPerUploader: 1 } })
    await put(registry, 0, 'a')
    await expect(put(registry, 1, 'a')).rejects.toThrow(UploaderQuotaError)
    await clock.advance(ttl)
    expect(await put(registry, 1, 'a')).toBe('created')
    expect(registry.stats()).toMatchObject({ manifests: 1, uploaders: 1, evictions: { idle: 1 } })
  })
})

describe('idle expiry', () => {
  test('evicts a manifest nobody used for the TTL, and not a moment before', async () => {
    const { registry, clock } = await open()
    await put(registry, 0, 'a')
    await clock.advance(ttl - 1)
    registry.sweep()
    expect(registry.stats().manifests).toBe(1)
    await clock.advance(1)
    registry.sweep()
    expect(registry.stats()).toMatchObject({ manifests: 0, bytes: 0, uploaders: 0, evictions: { idle: 1, lru: 0 } })
    expect(has(registry, 0)).toBe(false)
  })

  test('a fetch or signaling traffic restarts the TTL; the sweep timer evicts without any request', async () => {
    const { registry, clock } = await open()
    await put(registry, 0, 'a')
    await put(registry, 1, 'a')
    await put(registry, 2, 'a')
    await clock.advance(ttl / 2)
    registry.get(numberedManifest(1).id)
    registry.touch(numberedManifest(2).id)
    await clock.advance(ttl / 2)
    expect(registry.stats()).toMatchObject({ manifests: 2, evictions: { idle: 1 } })
    // The timer runs every min(TTL, one minute): here at 2 TTL, when both have been idle for 1.5 TTL.
    await clock.advance(ttl)
    expect(registry.stats()).toMatchObject({ manifests: 0, evictions: { idle: 3 } })
  })

  test('a swarm whose room has subscribers never expires, however quiet', async () => {
    const live = new Set<Hex>([numberedManifest(0).id])
    const { registry, clock } = await open({ inUse: (id) => live.has(id) })
    await put(registry, 0, 'a')
    await put(registry, 1, 'a')
    await clock.advance(10 * ttl)
    expect(registry.stats()).toMatchObject({ manifests: 1, evictions: { idle: 1 } })
    live.clear()
    await clock.advance(ttl)
    expect(registry.stats()).toMatchObject({ manifests: 0, evictions: { idle: 2 } })
  })
})

describe('when full', () => {
  test('the least recently used manifest makes room for a new one', async () => {
    const { registry } = await open({ limits: { maxRegistryBytes: 3 * size } })
    for (let n = 0; n < 3; n++) await put(registry, n, `uploader-${n}`)
    registry.touch(numberedManifest(0).id)
    expect(await put(registry, 3, 'uploader-3')).toBe('created')
    expect([0, 1, 2, 3].map((n) => has(registry, n))).toEqual([true, false, true, true])
    expect(registry.stats()).toMatchObject({ manifests: 3, bytes: 3 * size, evictions: { lru: 1, idle: 0 } })
  })

  test('a swarm in use is passed over for an idle one, and goes only when every one is in use', async () => {
    const live = new Set([0, 1].map((n) => numberedManifest(n).id))
    const { registry } = await open({ limits: { maxRegistryBytes: 3 * size }, inUse: (id) => live.has(id) })
    for (let n = 0; n < 3; n++) await put(registry, n, 'a')
    await put(registry, 3, 'b')
    expect([0, 1, 2, 3].map((n) => has(registry, n))).toEqual([true, true, false, true])
    for (let n = 0; n < 4; n++) live.add(numberedManifest(n).id)
    await put(registry, 4, 'b')
    expect(registry.stats()).toMatchObject({ manifests: 3, evictions: { lru: 2 } })
  })

  test('an upload refused by its quota evicts nothing', async () => {
    const { registry } = await open({ limits: { maxRegistryBytes: 2 * size, maxManifestsPerUploader: 2 } })
    await put(registry, 0, 'a')
    await put(registry, 1, 'a')
    await expect(put(registry, 2, 'a')).rejects.toThrow(UploaderQuotaError)
    expect(registry.stats()).toMatchObject({ manifests: 2, evictions: { lru: 0 } })
  })
})

describe('pinned manifests', () => {
  test('never expire, are never evicted and are charged to nobody', async () => {
    const pinned = numberedManifest(0, 'p')
    const { registry, clock } = await open({
      pinned: [pinned.id],
      limits: { maxRegistryBytes: 3 * size, maxManifestsPerUploader: 1 },
    })
    expect(await registry.put(pinned.id, pinned.body, 'operator')).toBe('created')
    expect(await put(registry, 0, 'operator')).toBe('created')
    for (let n = 1; n < 50; n++) await put(registry, n, `flood-${n}`)
    await clock.advance(100 * ttl)
    expect(registry.stats()).toMatchObject({ manifests: 1, pinned: 1, evictions: { lru: 48, idle: 2 } })
    expect(registry.get(pinned.id)).toBeDefined()
  })

  test('refuse a newcomer only when they alone leave no room, with the limit named', async () => {
    const pinned = [0, 1].map((n) => numberedManifest(n, 'p'))
    const { registry } = await open({ pinned: pinned.map((p) => p.id), limits: { maxRegistryBytes: 2 * size } })
    for (const p of pinned) await registry.put(p.id, p.body, 'operator')
    await expect(put(registry, 0, 'a')).rejects.toMatchObject({
      name: 'RegistryFullError',
      bytes: size,
      pinnedBytes: 2 * size,
      maxRegistryBytes: 2 * size,
    })
    await expect(put(registry, 0, 'a')).rejects.toThrow(RegistryFullError)
  })

  test('a manifest that cannot fit beside them evicts no one on its way to being refused', async () => {
    const pinned = numberedManifest(0, 'p')
    const { registry } = await open({ pinned: [pinned.id], limits: { maxRegistryBytes: 2 * size + 10 } })
    await registry.put(pinned.id, pinned.body, 'operator')
    await put(registry, 0, 'a')
    const big = numberedManifest(1, 'a-much-longer-label-that-makes-it-larger')
    await expect(registry.put(big.id, big.body, 'b')).rejects.toThrow(RegistryFullError)
    expect(registry.stats()).toMatchObject({ manifests: 2, evictions: { lru: 0 } })
  })
})

describe('a hostile flood', () => {
  test('thousands of manifests from thousands of addresses leave room for a newcomer, keep a live swarm', async () => {
    const random = createRandom('registry-flood')
    const honestLive = numberedManifest(0, 'h')
    const live = new Set<Hex>([honestLive.id])
    const { registry, clock } = await open({
      limits: { maxRegistryBytes: 100 * size, maxManifestsPerUploader: 4 },
      inUse: (id) => live.has(id),
    })
    expect(await registry.put(honestLive.id, honestLive.body, '192.0.2.1')).toBe('created')
    // Half the uploads from one address, half from fresh random ones (a botnet, or one host's IPv6 /48).
    const fromOne = { sent: 0, refused: 0 }
    let created = 0
    for (let n = 0; n < 5_000; n++) {
      const one = random.next() < 0.5
      const address = one ? '203.0.113.66' : `10.${random.nextInt(256)}.${random.nextInt(256)}.${random.nextInt(256)}`
      if (one) fromOne.sent++
      try {
        if ((await put(registry, n, address, 'x')) === 'created') created++
      } catch (error) {
        if (!(one && error instanceof UploaderQuotaError)) throw error
        fromOne.refused++
      }
      // The quota is on what an uploader holds at once: the flood's own evictions give the one address room again.
      const { bytes, largestUploader } = registry.stats()
      expect(largestUploader.manifests).toBeLessThanOrEqual(4)
      expect(bytes).toBeLessThanOrEqual(100 * size)
      await clock.advance(1)
    }
    expect(fromOne.refused).toBeGreaterThan(fromOne.sent * 0.9)
    expect(created).toBe(5_000 - fromOne.refused)
    const honest = numberedManifest(1, 'h')
    expect(await registry.put(honest.id, honest.body, '192.0.2.1')).toBe('created')
    expect(registry.get(honest.id)).toBeDefined()
    expect(registry.get(honestLive.id)).toBeDefined()
    expect(registry.stats().bytes).toBeLessThanOrEqual(100 * size)
    expect(registry.stats().evictions).toEqual({ lru: created + 1 - 99, idle: 0 })
  })
})

describe('with a data dir', () => {
  async function temporaryDirectory(): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'starling-registry-bounds-'))
    directories.push(directory)
    return directory
  }

  test('an evicted manifest leaves the disk too', async () => {
    const dataDir = await temporaryDirectory()
    const { registry } = await open({ dataDir, limits: { maxRegistryBytes: 2 * size } })
    for (let n = 0; n < 3; n++) await put(registry, n, 'a')
    await registry.close()
    expect((await readdir(dataDir)).sort()).toEqual([1, 2].map((n) => `${numberedManifest(n).id}.json`).sort())
  })

  test('reloads pinned manifests first when the data dir holds more than fits', async () => {
    const dataDir = await temporaryDirectory()
    const all = [0, 1, 2].map((n) => numberedManifest(n))
    for (const { id, body } of all) await writeFile(join(dataDir, `${id}.json`), body)
    const pinned = [...all].sort((a, b) => b.id.localeCompare(a.id))[0]!
    const { registry, logs } = await open({ dataDir, pinned: [pinned.id], limits: { maxRegistryBytes: size } })
    expect(registry.stats()).toMatchObject({ manifests: 1, pinned: 1 })
    expect(registry.get(pinned.id)).toBeDefined()
    expect(logs).toEqual([expect.stringContaining('skipped'), expect.stringContaining('skipped')])
  })
})
