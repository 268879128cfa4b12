// Seeded fuzzing: thousands of hostile frames from several concurrent connections, plus raw bytes below the
// WebSocket and HTTP layers. Afterwards the server must still serve a well-formed client, hold no state for
// the departed connections, and not have grown its memory or handles.

import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { describe, expect, test, vi } from 'vitest'
import { createRandom } from '../core/random/createRandom.ts'
import { ConnectionClosedError, connectClient, roundTrip } from './testing/connectClient.ts'
import { fuzzFrame, garbageBytes } from './testing/fuzzFrames.ts'
import { sendAfterHandshake, sendRawHttp } from './testing/rawSocket.ts'
import { serverFixture } from './testing/serverFixture.ts'

const { start, logs } = serverFixture()

const connections = 8
const framesPerConnection = 2_000
const rawConnections = 200
const maxMessageBytes = 4 * 1024

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** One fuzzing connection slot: sends its share of frames, reconnecting whenever the server closes it. */
async function fuzzWorker(url: string, name: string): Promise<Map<string, number>> {
  const random = createRandom(`signaling-fuzz-${name}`)
  const sentByKind = new Map<string, number>()
  let sent = 0
  let connection = 0
  while (sent < framesPerConnection) {
    const client = await connectClient(url)
    // A topic of this connection alone: fuzz frames only touch the shared pool, so its echo is an exact barrier.
    const barrier = `barrier-${name}-${connection++}`
    client.send({ type: 'subscribe', topics: [barrier] })
    let batch = 0
    let open = true
    while (open && sent < framesPerConnection) {
      // Batches end with a barrier so the client never runs ahead of the server (pings would not do:
      // fuzz frames include pings, whose pongs could be mistaken for the barrier's).
      for (let i = 0; i < 40 && sent < framesPerConnection; i++) {
        const frame = fuzzFrame(random, maxMessageBytes)
        client.socket.send(frame.data, { binary: frame.binary })
        sent++
        sentByKind.set(frame.kind, (sentByKind.get(frame.kind) ?? 0) + 1)
        if (frame.closes) break
      }
      const mark = ++batch
      client.send({ type: 'publish', topic: barrier, mark })
      try {
        await client.next((message) => message.topic === barrier && message.mark === mark)
      } catch (error) {
        if (!(error instanceof ConnectionClosedError)) throw error
        open = false
      }
    }
    if (open) await client.close()
  }
  return sentByKind
}

describe('fuzzing', () => {
  test('hostile frames from many connections leave the server serving', async () => {
    // Rate limits high enough that frames reach the parser instead of closing the connection at once.
    const server = await start({ limits: { maxMessageBytes, ratePerSecond: 100_000, rateBurst: 100_000 } })
    await roundTrip(server.url)
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    const handlesBefore = process.getActiveResourcesInfo().length

    const random = createRandom('signaling-fuzz')
    const results = await Promise.all(Array.from({ length: connections }, (_, i) => fuzzWorker(server.url, String(i))))
    const sentByKind = new Map<string, number>()
    for (const result of results)
      for (const [kind, count] of result) sentByKind.set(kind, (sentByKind.get(kind) ?? 0) + count)
    const hostile = [...sentByKind].filter(([kind]) => kind !== 'valid').reduce((sum, [, count]) => sum + count, 0)
    expect(hostile).toBeGreaterThanOrEqual(10_000)
    // Every frame of a kind with one certain reason was counted under it, exactly once.
    const { rejects } = server.metrics.counters
    expect(rejects).toMatchObject({
      binary: sentByKind.get('binary'),
      oversized: sentByKind.get('oversized'),
      'invalid-utf8': sentByKind.get('invalid-utf8'),
      'topic-too-long': sentByKind.get('long-topic'),
      'too-many-topics': sentByKind.get('many-topics'),
    })
    for (const reason of ['not-json', 'invalid-message', 'unknown-type'] as const)
      expect(rejects[reason], reason).toBeGreaterThan(1_000)

    // Below WebSocket framing and below HTTP.
    const protocolErrorsBefore = rejects['protocol-error']
    for (let i = 0; i < rawConnections; i++) {
      if (i % 4 === 0) await sendRawHttp(server.port, garbageBytes(random))
      else await sendAfterHandshake(server.port, garbageBytes(random))
    }
    expect(rejects['protocol-error']).toBeGreaterThan(protocolErrorsBefore)

    await roundTrip(server.url, 'after-fuzz')
    // Every fuzzing connection is gone, and so is everything it subscribed to.
    await vi.waitFor(() =>
      expect(server.metrics.gauges()).toMatchObject({ connections: 0, topics: 0, subscriptions: 0 }),
    )
    // Hostile input is counted, not logged: the log stays for operational surprises.
    expect(logs).toEqual([])

    // Measured ≈ 2 MiB after 16,000 frames and ~1,800 connections; a per-connection leak would show as tens of MiB.
    gc()
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(16 * 1024 * 1024)
    await vi.waitFor(() => expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(handlesBefore + 2))
  })
})
