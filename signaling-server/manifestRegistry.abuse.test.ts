// The registry's bounds through the real server: distinct clients (distinct loopback addresses), signaling
// traffic as use, a trusted proxy header, and the limits and usage on /metrics.

import { describe, expect, test } from 'vitest'
import { createVirtualClock } from '../core/testing/createVirtualClock.ts'
import { defaultLimits, limitName, limitSpecs } from './limits.ts'
import { connectClient } from './testing/connectClient.ts'
import { numberedManifest } from './testing/numberedManifest.ts'
import { putManifestFrom } from './testing/putManifestFrom.ts'
import { readMetrics } from './testing/readMetrics.ts'
import { serverFixture } from './testing/serverFixture.ts'

const { start } = serverFixture()
const size = numberedManifest(0).bytes
const hostile = '127.0.0.2'
const honest = '127.0.0.3'
const status = async (httpUrl: string, id: string) => (await fetch(`${httpUrl}/swarms/${id}`)).status

describe('registry abuse', () => {
  test('one client uploading thousands of manifests is held to its quota; another still registers', async () => {
    const server = await start()
    const quota = defaultLimits.maxManifestsPerUploader
    const statuses = new Map<number, number>()
    for (let n = 0; n < 2_000; n++) {
      const { id, body } = numberedManifest(n, 'x')
      const answer = await putManifestFrom(server.httpUrl, id, body, hostile)
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      if (n === quota)
        expect(answer).toEqual({
          status: 429,
          body: {
            error: 'UploaderQuotaError',
            message: expect.stringContaining(`max-manifests-per-uploader allows (${quota})`),
            limit: 'max-manifests-per-uploader',
            value: quota,
          },
        })
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: quota, 429: 2_000 - quota })
    const mine = numberedManifest(0, 'h')
    expect((await putManifestFrom(server.httpUrl, mine.id, mine.body, honest)).status).toBe(201)
    expect(await status(server.httpUrl, mine.id)).toBe(200)
    const samples = await readMetrics(server.httpUrl)
    expect(samples.get('starling_signaling_manifest_puts_total{outcome="too-many-manifests-per-uploader"}')).toBe(
      2_000 - quota,
    )
    expect(samples.get('starling_signaling_manifest_uploaders')).toBe(2)
    expect(samples.get('starling_signaling_manifest_uploader_max_manifests')).toBe(quota)
  })

  test('the bytes one client may hold are bounded too', async () => {
    const server = await start({ limits: { maxRegistryBytesPerUploader: 2 * size } })
    for (let n = 0; n < 2; n++) {
      const { id, body } = numberedManifest(n)
      expect((await putManifestFrom(server.httpUrl, id, body, hostile)).status).toBe(201)
    }
    const { id, body } = numberedManifest(2)
    expect(await putManifestFrom(server.httpUrl, id, body, hostile)).toMatchObject({
      status: 429,
      body: { error: 'UploaderQuotaError', limit: 'max-registry-bytes-per-uploader', value: 2 * size },
    })
    expect((await putManifestFrom(server.httpUrl, id, body, honest)).status).toBe(201)
  })

  test('a flood from thousands of addresses neither refuses a newcomer nor pushes out a swarm in use', async () => {
    const server = await start({ limits: { maxRegistryBytes: 50 * size } })
    const live = numberedManifest(0, 'h')
    expect((await putManifestFrom(server.httpUrl, live.id, live.body, honest)).status).toBe(201)
    // A volunteer holds the swarm's room for as long as its page is open, saying nothing after the first hello.
    const volunteer = await connectClient(server.url)
    volunteer.send({ type: 'subscribe', topics: [live.id] })
    volunteer.send({ type: 'ping' })
    await volunteer.next()
    const flood = 2_000
    for (let n = 0; n < flood; n++) {
      const { id, body } = numberedManifest(n, 'x')
      const address = `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`
      expect((await putManifestFrom(server.httpUrl, id, body, address)).status).toBe(201)
    }
    const newcomer = numberedManifest(1, 'h')
    expect((await putManifestFrom(server.httpUrl, newcomer.id, newcomer.body, honest)).status).toBe(201)
    expect(await status(server.httpUrl, newcomer.id)).toBe(200)
    expect(await status(server.httpUrl, live.id)).toBe(200)
    const samples = await readMetrics(server.httpUrl)
    expect(samples.get('starling_signaling_manifests')).toBe(50)
    expect(samples.get('starling_signaling_manifest_evictions_total{reason="lru"}')).toBe(flood + 2 - 50)
  })

  test('a manifest nobody fetches or signals about expires; traffic on its topics keeps it', async () => {
    const clock = createVirtualClock()
    const ttl = 60_000
    const server = await start({ clock, limits: { manifestIdleTtlMs: ttl } })
    const [quiet, meshed, joined] = [0, 1, 2].map((n) => numberedManifest(n))
    for (const { id, body } of [quiet!, meshed!, joined!])
      expect((await putManifestFrom(server.httpUrl, id, body, honest)).status).toBe(201)
    const peer = await connectClient(server.url)
    // Messages of one connection are handled in order, so the pong says the publish and subscribe were seen.
    const said = async (message: unknown) => {
      peer.send(message)
      peer.send({ type: 'ping' })
      await peer.next((answer) => answer.type === 'pong')
    }
    await clock.advance(ttl / 2)
    await said({ type: 'publish', topic: `starling/${meshed!.id}/mesh`, data: {} })
    await said({ type: 'subscribe', topics: [joined!.id] })
    await clock.advance(ttl / 2)
    expect(server.metrics.gauges().registry).toMatchObject({ manifests: 2, evictions: { idle: 1 } })
    expect(await status(server.httpUrl, quiet!.id)).toBe(404)
    await clock.advance(10 * ttl)
    expect(await status(server.httpUrl, meshed!.id)).toBe(404)
    expect(await status(server.httpUrl, joined!.id)).toBe(200)
    expect((await readMetrics(server.httpUrl)).get('starling_signaling_manifest_evictions_total{reason="idle"}')).toBe(
      2,
    )
  })

  test('a pinned swarm survives expiry and a full registry', async () => {
    const clock = createVirtualClock()
    const pinned = numberedManifest(0, 'p')
    const server = await start({
      clock,
      pinnedSwarms: [pinned.id],
      limits: { manifestIdleTtlMs: 1_000, maxRegistryBytes: 3 * size },
    })
    expect((await putManifestFrom(server.httpUrl, pinned.id, pinned.body, honest)).status).toBe(201)
    for (let n = 0; n < 20; n++) {
      const { id, body } = numberedManifest(n)
      await putManifestFrom(server.httpUrl, id, body, `127.2.0.${n + 1}`)
    }
    await clock.advance(1_000_000)
    expect(await status(server.httpUrl, pinned.id)).toBe(200)
    const samples = await readMetrics(server.httpUrl)
    expect(samples.get('starling_signaling_manifests_pinned')).toBe(1)
    expect(samples.get('starling_signaling_manifests')).toBe(1)
  })
})

describe('client address', () => {
  test('a forwarded-for header is ignored unless configured', async () => {
    const server = await start({ limits: { maxManifestsPerUploader: 1 } })
    const [a, b] = [0, 1].map((n) => numberedManifest(n))
    const forwarded = (address: string) => ({ 'x-forwarded-for': address })
    expect((await putManifestFrom(server.httpUrl, a!.id, a!.body, honest, forwarded('10.0.0.1'))).status).toBe(201)
    expect((await putManifestFrom(server.httpUrl, b!.id, b!.body, honest, forwarded('10.0.0.2'))).status).toBe(429)
  })

  test('behind a configured proxy its last entry is the client; earlier ones are its own claims', async () => {
    const server = await start({ trustedProxyHeader: 'x-forwarded-for', limits: { maxManifestsPerUploader: 1 } })
    const [a, b, c, d] = [0, 1, 2, 3].map((n) => numberedManifest(n))
    const via = (value: string) => ({ 'x-forwarded-for': value })
    const put = async (m: typeof a, value: string) =>
      (await putManifestFrom(server.httpUrl, m!.id, m!.body, honest, via(value))).status
    expect(await put(a, '10.0.0.1')).toBe(201)
    expect(await put(b, '10.0.0.2')).toBe(201)
    expect(await put(c, '10.0.0.3, 10.0.0.1')).toBe(429)
    // Not an address: the socket's (the proxy's) address, which has had none yet, then is full.
    expect(await put(c, 'garbage')).toBe(201)
    expect(await put(d, '')).toBe(429)
  })

  test('IPv6 clients are one uploader per /64', async () => {
    const server = await start({ trustedProxyHeader: 'x-real-ip', limits: { maxManifestsPerUploader: 1 } })
    const [a, b, c] = [0, 1, 2].map((n) => numberedManifest(n))
    const put = async (m: typeof a, address: string) =>
      (await putManifestFrom(server.httpUrl, m!.id, m!.body, honest, { 'x-real-ip': address })).status
    expect(await put(a, '2001:db8:1:2::1')).toBe(201)
    expect(await put(b, '2001:db8:1:2:ffff:1:2:3')).toBe(429)
    expect(await put(b, '2001:db8:1:3::1')).toBe(201)
    expect(await put(c, '::ffff:198.51.100.1')).toBe(201)
  })

  test('the same address counts WebSocket connections per client behind the proxy', async () => {
    const server = await start({ trustedProxyHeader: 'x-forwarded-for', limits: { maxConnectionsPerAddress: 1 } })
    await connectClient(server.url, { headers: { 'x-forwarded-for': '10.0.0.1' } })
    await connectClient(server.url, { headers: { 'x-forwarded-for': '10.0.0.2' } })
    await expect(connectClient(server.url, { headers: { 'x-forwarded-for': '10.0.0.1' } })).rejects.toThrow('429')
  })
})

test('/metrics exports every limit by its flag name', async () => {
  const server = await start({ limits: { maxManifestsPerUploader: 7 } })
  const samples = await readMetrics(server.httpUrl)
  for (const spec of limitSpecs)
    expect(samples.get(`starling_signaling_limit{limit="${limitName(spec.key)}"}`), spec.key).toBe(
      spec.key === 'maxManifestsPerUploader' ? 7 : spec.defaultValue,
    )
  for (const name of ['manifest_uploaders', 'manifest_uploader_max_manifests', 'manifest_uploader_max_bytes'])
    expect(samples.get(`starling_signaling_${name}`)).toBe(0)
  for (const reason of ['idle', 'lru'])
    expect(samples.get(`starling_signaling_manifest_evictions_total{reason="${reason}"}`)).toBe(0)
})
