import { describe, expect, test, vi } from 'vitest'
import { connectClient } from './testing/connectClient.ts'
import { readMetrics } from './testing/readMetrics.ts'
import { serverFixture } from './testing/serverFixture.ts'

const { start } = serverFixture()

// Ordering barrier: messages from one connection are relayed in order, so once a receiver sees a marker
// published after some message, it would already have seen that message had it been delivered to it.
const marker = { type: 'publish', topic: 'barrier', data: 'marker' }

describe('y-webrtc signaling protocol', () => {
  test('ping is answered with pong', async () => {
    const server = await start()
    const client = await connectClient(server.url)
    client.send({ type: 'ping' })
    expect(await client.next()).toEqual({ type: 'pong' })
  })

  test('publish reaches every subscriber, the sender included, verbatim', async () => {
    const server = await start()
    const [a, b] = await Promise.all([connectClient(server.url), connectClient(server.url)])
    a.send({ type: 'subscribe', topics: ['room'] })
    b.send({ type: 'subscribe', topics: ['room'] })
    // b's subscription is in place once its own ping is answered (one connection is processed in order).
    b.send({ type: 'ping' })
    await b.next((m) => m.type === 'pong')
    const message = {
      type: 'publish',
      topic: 'room',
      data: { type: 'announce', from: 'peer-a' },
      extra: [1, 'x', null],
    }
    a.send(message)
    expect(await a.next()).toEqual(message)
    expect(await b.next()).toEqual(message)
  })

  test('a publisher need not be subscribed', async () => {
    const server = await start()
    const [listener, outsider] = await Promise.all([connectClient(server.url), connectClient(server.url)])
    listener.send({ type: 'subscribe', topics: ['room'] })
    listener.send({ type: 'publish', topic: 'room', data: 'ready' })
    await listener.next()
    outsider.send({ type: 'publish', topic: 'room', data: 'hello' })
    expect(await listener.next()).toEqual({ type: 'publish', topic: 'room', data: 'hello' })
  })

  test('topics are isolated', async () => {
    const server = await start()
    const [a, b] = await Promise.all([connectClient(server.url), connectClient(server.url)])
    a.send({ type: 'subscribe', topics: ['one', 'barrier'] })
    b.send({ type: 'subscribe', topics: ['two', 'barrier'] })
    b.send(marker)
    await a.next()
    await b.next()
    a.send({ type: 'publish', topic: 'one', data: 'for one' })
    a.send(marker)
    expect(await b.next()).toEqual(marker)
    expect(await a.next()).toEqual({ type: 'publish', topic: 'one', data: 'for one' })
  })

  test('unsubscribe stops delivery and frees empty topics', async () => {
    const server = await start()
    const [a, b] = await Promise.all([connectClient(server.url), connectClient(server.url)])
    a.send({ type: 'subscribe', topics: ['room', 'barrier'] })
    a.send({ type: 'subscribe', topics: ['room'] })
    a.send({ type: 'ping' })
    await a.next()
    expect(server.metrics.gauges()).toMatchObject({ topics: 2, subscriptions: 2 })
    a.send({ type: 'unsubscribe', topics: ['room', 'never-subscribed'] })
    a.send({ type: 'ping' })
    await a.next()
    expect(server.metrics.gauges()).toMatchObject({ topics: 1, subscriptions: 1 })
    b.send({ type: 'publish', topic: 'room', data: 'lost' })
    b.send(marker)
    expect(await a.next()).toEqual(marker)
  })

  test('closing a connection removes its subscriptions', async () => {
    const server = await start()
    const a = await connectClient(server.url)
    a.send({ type: 'subscribe', topics: ['x', 'y'] })
    a.send({ type: 'ping' })
    await a.next()
    expect(server.metrics.gauges()).toMatchObject({ connections: 1, topics: 2, subscriptions: 2 })
    await a.close()
    await vi.waitFor(() =>
      expect(server.metrics.gauges()).toMatchObject({ connections: 0, topics: 0, subscriptions: 0 }),
    )
  })

  test('bad content is answered with an error and the connection stays usable', async () => {
    const server = await start()
    const client = await connectClient(server.url)
    const cases: Array<[unknown, string]> = [
      ['{not json', 'not-json'],
      ['[1,2]', 'invalid-message'],
      [{ type: 7 }, 'invalid-message'],
      [{ type: 'subscribe', topics: 'room' }, 'invalid-message'],
      [{ type: 'subscribe', topics: ['ok', 3] }, 'invalid-message'],
      [{ type: 'publish', topic: '' }, 'invalid-message'],
      [{ type: 'publish' }, 'invalid-message'],
      [{ type: 'teleport' }, 'unknown-type'],
      [{ type: 'publish', topic: 'x'.repeat(257) }, 'topic-too-long'],
    ]
    for (const [message, reason] of cases) {
      client.send(message)
      expect(await client.next()).toMatchObject({ type: 'error', reason })
    }
    client.send({ type: 'ping' })
    expect(await client.next()).toEqual({ type: 'pong' })
    expect(server.metrics.counters.rejects).toMatchObject({
      'not-json': 1,
      'invalid-message': 6,
      'unknown-type': 1,
      'topic-too-long': 1,
    })
  })

  test('GET /healthz and /metrics describe the live state', async () => {
    const server = await start()
    const client = await connectClient(server.url)
    client.send({ type: 'subscribe', topics: ['room'] })
    client.send({ type: 'publish', topic: 'room', data: 'x' })
    await client.next()
    const health = await fetch(`${server.httpUrl}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'ok',
      connections: 1,
      topics: 1,
      uptimeSeconds: expect.any(Number),
    })
    const samples = await readMetrics(server.httpUrl)
    expect(samples.get('starling_signaling_connections')).toBe(1)
    expect(samples.get('starling_signaling_subscriptions')).toBe(1)
    expect(samples.get('starling_signaling_messages_received_total')).toBe(2)
    expect(samples.get('starling_signaling_messages_relayed_total')).toBe(1)
    expect(samples.get('starling_signaling_bytes_relayed_total')).toBe(
      JSON.stringify({ type: 'publish', topic: 'room', data: 'x' }).length,
    )
    expect(samples.get('starling_signaling_rejects_total{reason="rate-limited"}')).toBe(0)
  })
})
