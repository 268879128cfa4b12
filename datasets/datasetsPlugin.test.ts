import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, createServer } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { presetDatasets } from '../core/data/presetDatasets.ts'
import { datasetsPlugin } from './datasetsPlugin.ts'
import { sha256Hex } from './sha256Hex.ts'

const root = mkdtempSync(join(tmpdir(), 'starling-datasets-'))
writeFileSync(join(root, 'index.html'), '<!doctype html><title>datasets</title>')
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('datasetsPlugin', () => {
  it('serves /datasets/<preset>.bin on the dev server, under the configured base', async () => {
    const server = await createServer({
      configFile: false,
      root,
      base: '/app/',
      logLevel: 'silent',
      plugins: [datasetsPlugin()],
      server: { host: '127.0.0.1', port: 0 },
    })
    await server.listen()
    try {
      const { port } = server.httpServer!.address() as AddressInfo
      const response = await fetch(`http://127.0.0.1:${port}/app/datasets/mnist.bin`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/octet-stream')
      expect(sha256Hex(new Uint8Array(await response.arrayBuffer()))).toBe(presetDatasets.mnist.sha256)
      // Anything else falls through to Vite (here its HTML fallback), untouched by the plugin.
      const other = await fetch(`http://127.0.0.1:${port}/app/datasets/unknown.bin`)
      expect(other.headers.get('content-type')).not.toBe('application/octet-stream')
    } finally {
      await server.close()
    }
  })

  it('emits every preset file into the build output', async () => {
    const outDir = join(root, 'dist')
    await build({
      configFile: false,
      root,
      logLevel: 'silent',
      plugins: [datasetsPlugin()],
      build: { outDir, emptyOutDir: true },
    })
    for (const preset of Object.values(presetDatasets))
      expect(sha256Hex(readFileSync(join(outDir, preset.path)))).toBe(preset.sha256)
  })
})
