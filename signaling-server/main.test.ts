// The CLI as a parent process sees it: one ready line, flags applied, graceful exit on SIGTERM/SIGINT.

import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { connectClient, withTimeout } from './testing/connectClient.ts'
import { type SpawnedSignalingServer, spawnSignalingServer } from './spawnSignalingServer.ts'

const children: SpawnedSignalingServer[] = []
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.stop('SIGKILL')))
})

async function spawn(args: string[], env: Record<string, string> = {}) {
  const server = await spawnSignalingServer({ args, env: { ...process.env, ...env } })
  children.push(server)
  return server
}

describe('signaling-server CLI', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)(
    'prints its address, serves, and on %s closes clients with 1001 and exits 0',
    async (signal) => {
      const server = await spawn(['--port', '0'])
      expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
      const client = await connectClient(server.url)
      client.send({ type: 'ping' })
      expect(await client.next()).toEqual({ type: 'pong' })
      const exitCode = withTimeout(server.stop(signal), 'the server to exit', 6_000)
      expect((await client.closed).code).toBe(1001)
      expect(await exitCode).toBe(0)
    },
  )

  test('takes limits from flags and the environment', async () => {
    const server = await spawn(['--max-connections-per-address=1'], {
      STARLING_SIGNALING_PORT: '0',
      STARLING_SIGNALING_HOST: '127.0.0.1',
    })
    await connectClient(server.url)
    await expect(connectClient(server.url)).rejects.toThrow('429')
  })

  test('exits 2 with a readable message on a bad flag', () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url))
    const result = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', 'many'], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Invalid value "many" for --port')
    expect(result.stdout).toBe('')
  })
})
