// Starts signaling servers for a test file on ephemeral loopback ports and closes them after each test.
// Log lines are collected instead of printed so tests can assert on them and fuzzing stays quiet.

import { afterEach } from 'vitest'
import {
  type CreateSignalingServerParameters,
  createSignalingServer,
  type SignalingServer,
} from '../createSignalingServer.ts'

export type StartServer = (parameters?: CreateSignalingServerParameters) => Promise<SignalingServer>

export function serverFixture(): { start: StartServer; logs: string[] } {
  const servers: SignalingServer[] = []
  const logs: string[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
    logs.length = 0
  })
  const start: StartServer = async (parameters = {}) => {
    const server = await createSignalingServer({ log: (line) => logs.push(line), ...parameters })
    servers.push(server)
    return server
  }
  return { start, logs }
}
