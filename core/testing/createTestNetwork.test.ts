import { describe, expect, test } from 'vitest'
import type { TransportEvent } from '../allreduce/Transport.ts'
import { createTestNetwork, FrameTooLargeError } from './createTestNetwork.ts'

const frame = (index: number, bytes = 100) => new Uint8Array(bytes).fill(index % 256)

function listen(network: ReturnType<typeof createTestNetwork>, peer: string) {
  const events: (TransportEvent & { at: number })[] = []
  network.transport(peer).subscribe((event) => events.push({ ...event, at: network.clock.now() }))
  return events
}

describe('test network', () => {
  test('delivers in order per link, after latency and transmission time, with seeded jitter', async () => {
    const run = async (seed: string) => {
      const network = createTestNetwork({ seed, profile: { latencyMs: 10, jitterMs: 5, bytesPerMs: 100 } })
      const events = listen(network, 'b')
      for (let i = 0; i < 20; i++) void network.transport('a').send('b', frame(i))
      await network.clock.advance(1000)
      return events
    }
    const events = await run('x')
    expect(events.map((event) => event.type === 'frame' && event.frame[0])).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    )
    expect(events[0]!.at).toBeGreaterThanOrEqual(11) // 100 bytes at 100 bytes/ms, then 10 ms
    for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at)
    expect(await run('x')).toEqual(events)
    expect((await run('y')).map((event) => event.at)).not.toEqual(events.map((event) => event.at))
  })

  test('send waits while the link holds more than its window, and a full buffer kills the link', async () => {
    const network = createTestNetwork({
      seed: 1,
      profile: { latencyMs: 0, jitterMs: 0, bytesPerMs: 1, windowBytes: 250, killBytes: 1000 },
    })
    listen(network, 'b')
    const a = network.transport('a')
    let resolvedAt: number | undefined
    await a.send('b', frame(0))
    await a.send('b', frame(1))
    void a.send('b', frame(2)).then(() => (resolvedAt = network.clock.now()))
    await network.clock.advance(0)
    expect(resolvedAt).toBeUndefined()
    await network.clock.run(() => resolvedAt !== undefined)
    expect(resolvedAt).toBe(100) // the first frame left, 200 bytes remain
    // 200 bytes remain; eight more frames reach the 1000-byte kill limit, the ninth passes it.
    const waiting = Array.from({ length: 8 }, (_, i) => a.send('b', frame(i)))
    await expect(a.send('b', frame(9))).rejects.toThrow('send queue is full')
    for (const pending of waiting) await expect(pending).rejects.toThrow('send queue is full')
    await expect(a.send('b', frame(10))).rejects.toThrow('send queue is full')
    await expect(a.send('b', frame(9, 300_000))).rejects.toThrow(FrameTooLargeError)
  })

  test('a crash closes links on both sides; a hang only goes silent', async () => {
    const network = createTestNetwork({ seed: 2 })
    const b = listen(network, 'b')
    listen(network, 'a')
    listen(network, 'c')
    network.crash('a')
    await network.clock.advance(100)
    expect(b).toEqual([expect.objectContaining({ type: 'closed', peer: 'a' })])
    await expect(network.transport('b').send('a', frame(0))).rejects.toThrow('crashed')
    await expect(network.transport('a').send('b', frame(0))).rejects.toThrow('crashed')

    network.hang('c')
    await network.transport('c').send('b', frame(0))
    await network.transport('b').send('c', frame(0))
    await network.clock.advance(100)
    expect(b).toHaveLength(1)
  })

  test('an interceptor drops, duplicates or rewrites frames', async () => {
    const network = createTestNetwork({ seed: 3 })
    const events = listen(network, 'b')
    network.intercept((packet) =>
      packet.index === 0 ? [] : packet.index === 1 ? [packet.frame, packet.frame] : [frame(7)],
    )
    for (let i = 0; i < 3; i++) await network.transport('a').send('b', frame(i))
    await network.clock.advance(100)
    expect(events.map((event) => event.type === 'frame' && event.frame[0])).toEqual([1, 1, 7])
  })
})
