import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keccak256, stringToBytes } from 'viem'
import { afterEach, describe, expect, test } from 'vitest'
import { canonicalJson } from '../core/manifest/canonicalJson.ts'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { readMetrics } from './testing/readMetrics.ts'
import { serverFixture } from './testing/serverFixture.ts'

const { start, logs } = serverFixture()
const directories: string[] = []
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })))
})

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'starling-registry-'))
  directories.push(directory)
  return directory
}

const put = (httpUrl: string, id: string, body: string) =>
  fetch(`${httpUrl}/swarms/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })

describe('manifest registry over HTTP', () => {
  test('stores a valid manifest under its id and serves its canonical JSON', async () => {
    const server = await start()
    const manifest = demoManifest()
    const id = swarmIdOf(manifest)
    // Key order and white space of the upload do not matter: the id is over canonical JSON.
    const created = await put(server.httpUrl, id, JSON.stringify(manifest, null, 2))
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`/swarms/${id}`)
    expect(await created.json()).toEqual({ id, outcome: 'created' })
    const fetched = await fetch(`${server.httpUrl}/swarms/${id}`)
    expect(fetched.status).toBe(200)
    const body = await fetched.text()
    expect(body).toBe(canonicalJson(manifest))
    expect(keccak256(stringToBytes(body))).toBe(id)
    expect((await put(server.httpUrl, id, JSON.stringify(manifest))).status).toBe(200)
    const samples = await readMetrics(server.httpUrl)
    expect(samples.get('starling_signaling_manifest_puts_total{outcome="created"}')).toBe(1)
    expect(samples.get('starling_signaling_manifest_puts_total{outcome="exists"}')).toBe(1)
    expect(samples.get('starling_signaling_manifests')).toBe(1)
  })

  test('refuses bad requests with a JSON error naming the problem', async () => {
    const server = await start({ limits: { maxManifestBytes: 1024 } })
    const manifest = demoManifest()
    const id = swarmIdOf(manifest)
    const otherId = swarmIdOf(demoManifest({ nonce: 'other' }))
    const cases: Array<[string, string, number, string]> = [
      [otherId, JSON.stringify(manifest), 422, 'SwarmIdMismatchError'],
      [
        id,
        JSON.stringify({ ...manifest, training: { ...manifest.training, batchSize: 0 } }),
        422,
        'InvalidManifestError',
      ],
      [id, '{"version":1,', 400, 'ManifestJsonError'],
      ['0xABC', JSON.stringify(manifest), 400, 'InvalidSwarmIdError'],
      [id.toUpperCase().replace('0X', '0x'), JSON.stringify(manifest), 400, 'InvalidSwarmIdError'],
      [id, JSON.stringify({ ...manifest, name: 'x'.repeat(2000) }), 413, 'BodyTooLargeError'],
      [id, '', 400, 'ManifestJsonError'],
      [id, `\ufeff${JSON.stringify(manifest)}`, 400, 'ManifestJsonError'],
      [id, 'null', 422, 'InvalidManifestError'],
      [id, '[]', 422, 'InvalidManifestError'],
      [id, `${'['.repeat(400)}${']'.repeat(400)}`, 422, 'InvalidManifestError'],
      [id.slice(0, -1), JSON.stringify(manifest), 400, 'InvalidSwarmIdError'],
      [`${id}0`, JSON.stringify(manifest), 400, 'InvalidSwarmIdError'],
      [id.slice(2), JSON.stringify(manifest), 400, 'InvalidSwarmIdError'],
      ['%2e%2e%2fetc%2fpasswd', JSON.stringify(manifest), 400, 'InvalidSwarmIdError'],
    ]
    for (const [target, body, status, error] of cases) {
      const response = await put(server.httpUrl, target, body)
      expect(response.status, `${error} ${body.slice(0, 40)}`).toBe(status)
      expect(await response.json()).toMatchObject({ error })
    }
    // A body refused by its size names the limit, as --help and /metrics do.
    const oversize = await put(server.httpUrl, id, 'x'.repeat(1025))
    expect(await oversize.json()).toMatchObject({ limit: 'max-manifest-bytes', value: 1024 })
    const invalid = await put(server.httpUrl, id, JSON.stringify({ ...manifest, allreduce: { codec: 'bf16' } }))
    expect(await invalid.json()).toMatchObject({ issues: [{ path: 'allreduce.codec' }] })
    expect((await fetch(`${server.httpUrl}/swarms/${id}`)).status).toBe(404)
    expect((await fetch(`${server.httpUrl}/swarms/nope`)).status).toBe(400)
    expect((await fetch(`${server.httpUrl}/swarms/${id}`, { method: 'DELETE' })).status).toBe(405)
    const samples = await readMetrics(server.httpUrl)
    expect(samples.get('starling_signaling_manifest_puts_total{outcome="id-mismatch"}')).toBe(1)
    expect(samples.get('starling_signaling_manifest_puts_total{outcome="invalid-manifest"}')).toBe(5)
    expect(samples.get('starling_signaling_manifest_puts_total{outcome="too-large"}')).toBe(2)
    expect(samples.get('starling_signaling_manifests')).toBe(0)
  })

  test('when full, makes room by evicting the least recently used manifest instead of refusing', async () => {
    const server = await start({ limits: { maxRegistryBytes: 1024 } })
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const manifest = demoManifest({ nonce: `n${i}` })
      ids.push(swarmIdOf(manifest))
      expect((await put(server.httpUrl, swarmIdOf(manifest), JSON.stringify(manifest))).status).toBe(201)
    }
    const fits = Math.floor(1024 / canonicalJson(demoManifest({ nonce: 'n0' })).length)
    const statuses = await Promise.all(ids.map(async (id) => (await fetch(`${server.httpUrl}/swarms/${id}`)).status))
    expect(statuses).toEqual([...Array(6 - fits).fill(404), ...Array(fits).fill(200)])
    expect(server.metrics.gauges().registry).toMatchObject({ manifests: fits, evictions: { lru: 6 - fits } })
    expect(server.metrics.gauges().registry.bytes).toBeLessThanOrEqual(1024)
  })

  test('answers CORS preflights and marks responses for any origin', async () => {
    const server = await start()
    const preflight = await fetch(`${server.httpUrl}/swarms/${swarmIdOf(demoManifest())}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type')
    const missing = await fetch(`${server.httpUrl}/swarms/${swarmIdOf(demoManifest())}`, {
      headers: { origin: 'https://app.example' },
    })
    expect(missing.headers.get('access-control-allow-origin')).toBe('*')
  })

  test('persists across a restart with a data dir, one atomically written file per id', async () => {
    const dataDir = await temporaryDirectory()
    const manifest = demoManifest()
    const id = swarmIdOf(manifest)
    const first = await start({ dataDir })
    expect((await put(first.httpUrl, id, JSON.stringify(manifest))).status).toBe(201)
    await first.close()
    expect(await readdir(dataDir)).toEqual([`${id}.json`])
    expect(await readFile(join(dataDir, `${id}.json`), 'utf8')).toBe(canonicalJson(manifest))

    // A file that does not hash to its name is skipped at load, loudly.
    const forged = swarmIdOf(demoManifest({ nonce: 'forged' }))
    await writeFile(join(dataDir, `${forged}.json`), canonicalJson(manifest))
    const second = await start({ dataDir })
    expect(await (await fetch(`${second.httpUrl}/swarms/${id}`)).text()).toBe(canonicalJson(manifest))
    expect((await fetch(`${second.httpUrl}/swarms/${forged}`)).status).toBe(404)
    expect(logs).toEqual([expect.stringContaining(`skipped ${forged}.json`)])
  })
})
