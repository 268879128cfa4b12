// Each limit of limits.ts triggers, is counted in /metrics under its reason, and leaves other clients alone.

import { describe, expect, test, vi } from 'vitest'
import { connectClient, roundTrip } from './testing/connectClient.ts'
import { readMetrics, rejectsOf } from './testing/readMetrics.ts'
import { serverFixture } from './testing/serverFixture.ts'

const { start } = serverFixture()

describe('limits', () => {
  test('an oversized message closes that connection with 1009', async () => {
    const server = await start({ limits: { maxMessageBytes: 1024 } })
    const bystander = await connectClient(server.url)
    const offender = await connectClient(server.url)
    offender.send({ type: 'publish', topic: 'room', data: 'x'.repeat(1024) })
    expect((await offender.closed).code).toBe(1009)
    expect(rejectsOf(await readMetrics(server.httpUrl), 'oversized')).toBe(1)
    bystander.send({ type: 'ping' })
    expect(await bystander.next()).toEqual({ type: 'pong' })
  })

  test('a binary frame closes that connection with 1003', async () => {
    const server = await start()
    const offender = await connectClient(server.url)
    offender.socket.send(Buffer.from(JSON.stringify({ type: 'ping' })), { binary: true })
    expect((await offender.closed).code).toBe(1003)
    expect(rejectsOf(await readMetrics(server.httpUrl), 'binary')).toBe(1)
    await roundTrip(server.url)
  })

  test('subscribing past the topic limit is refused as a whole', async () => {
    const server = await start({ limits: { maxTopicsPerConnection: 3 } })
    const client = await connectClient(server.url)
    client.send({ type: 'subscribe', topics: ['a', 'b'] })
    client.send({ type: 'subscribe', topics: ['a', 'c', 'd'] })
    expect(await client.next()).toMatchObject({ type: 'error', reason: 'too-many-topics' })
    expect(server.metrics.gauges().subscriptions).toBe(2)
    // Re-subscribing held topics does not count twice.
    client.send({ type: 'subscribe', topics: ['a', 'b', 'c'] })
    client.send({ type: 'ping' })
    expect(await client.next()).toEqual({ type: 'pong' })
    expect(server.metrics.gauges().subscriptions).toBe(3)
    expect(rejectsOf(await readMetrics(server.httpUrl), 'too-many-topics')).toBe(1)
  })

  test('a topic name over the length limit is refused', async () => {
    const server = await start({ limits: { maxTopicLength: 8 } })
    const client = await connectClient(server.url)
    client.send({ type: 'subscribe', topics: ['12345678'] })
    client.send({ type: 'subscribe', topics: ['123456789'] })
    expect(await client.next()).toMatchObject({ type: 'error', reason: 'topic-too-long' })
    expect(server.metrics.gauges().subscriptions).toBe(1)
    expect(rejectsOf(await readMetrics(server.httpUrl), 'topic-too-long')).toBe(1)
  })

  test('exceeding the message rate closes that connection with 1008', async () => {
    // One token per second: the burst is all the client can send within this test.
    const server = await start({ limits: { ratePerSecond: 1, rateBurst: 5 } })
    const bystander = await connectClient(server.url)
    const flooder = await connectClient(server.url)
    for (let i = 0; i < 6; i++) flooder.send({ type: 'ping' })
    for (let i = 0; i < 5; i++) expect(await flooder.next()).toEqual({ type: 'pong' })
    expect(await flooder.closed).toMatchObject({ code: 1008, reason: 'message rate limit exceeded' })
    expect(rejectsOf(await readMetrics(server.httpUrl), 'rate-limited')).toBe(1)
    bystander.send({ type: 'ping' })
    expect(await bystander.next()).toEqual({ type: 'pong' })
  })

  test.each([
    ['per address', { maxConnectionsPerAddress: 2 }, '429', 'too-many-connections-per-address'],
    ['in total', { maxConnections: 2, maxConnectionsPerAddress: 10 }, '503', 'too-many-connections'],
  ])('connections %s are capped at the upgrade and the slot is freed on close', async (_, limits, status, reason) => {
    const server = await start({ limits })
    const first = await connectClient(server.url)
    await connectClient(server.url)
    await expect(connectClient(server.url)).rejects.toThrow(status)
    expect(rejectsOf(await readMetrics(server.httpUrl), reason)).toBe(1)
    await first.close()
    await vi.waitFor(() => expect(server.metrics.gauges().connections).toBe(1))
    await roundTrip(server.url)
  })

  test('a connection that stops answering pings is dropped; live ones stay', async () => {
    // Long enough that a loaded machine still answers within one period, short enough to keep the test quick.
    const server = await start({ limits: { pingIntervalMs: 250 } })
    const live = await connectClient(server.url)
    const dead = await connectClient(server.url, { autoPong: false })
    // Dropped after the first unanswered period; `live` has answered every ping meanwhile.
    expect((await dead.closed).code).toBe(1006)
    expect((await readMetrics(server.httpUrl)).get('starling_signaling_dead_connections_total')).toBe(1)
    await new Promise<void>((resolve) => live.socket.once('ping', () => live.socket.once('ping', () => resolve())))
    live.send({ type: 'ping' })
    expect(await live.next()).toEqual({ type: 'pong' })
    expect(server.metrics.counters.deadConnections).toBe(1)
  })

  test('a subscriber that does not read is dropped as a slow consumer', async () => {
    const server = await start({ limits: { maxBufferedBytes: 64 * 1024, ratePerSecond: 100_000, rateBurst: 100_000 } })
    const publisher = await connectClient(server.url)
    const stalled = await connectClient(server.url)
    stalled.send({ type: 'subscribe', topics: ['room'] })
    publisher.send({ type: 'subscribe', topics: ['room'] })
    stalled.send({ type: 'ping' })
    await stalled.next()
    stalled.socket.pause()
    const payload = { type: 'publish', topic: 'room', data: 'x'.repeat(60_000) }
    // The kernel's socket buffers absorb a few MiB before the server's own queue grows; 64 MiB is far past that.
    for (let i = 0; i < 1000 && server.metrics.counters.rejects['slow-consumer'] === 0; i++) {
      publisher.send(payload)
      await publisher.next()
    }
    expect(rejectsOf(await readMetrics(server.httpUrl), 'slow-consumer')).toBe(1)
    stalled.socket.resume()
    expect((await stalled.closed).code).toBe(1008)
    publisher.send({ type: 'ping' })
    expect(await publisher.next((m) => m.type === 'pong')).toEqual({ type: 'pong' })
  })

  test('shutdown closes clients with 1001 and cuts off one that does not answer within the bound', async () => {
    const server = await start({ limits: { shutdownTimeoutMs: 200 } })
    const polite = await connectClient(server.url)
    const deaf = await connectClient(server.url)
    // A paused client never reads the close frame, so it never answers it.
    deaf.socket.pause()
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(2_000)
    expect((await polite.closed).code).toBe(1001)
    deaf.socket.resume()
    expect([1001, 1006]).toContain((await deaf.closed).code)
    await expect(connectClient(server.url)).rejects.toThrow('ECONNREFUSED')
  })
})
