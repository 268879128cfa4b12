// Stock y-webrtc clients against our server: its own SignalingConn (lib0/websocket underneath) in Node.
//
// The providers use maxConns: 0 so that a received announce does not start a simple-peer connection,
// which cannot exist in Node; everything up to that point (connect, subscribe, announce, relay, reconnect,
// re-subscribe) is y-webrtc's unmodified code.

import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import type { WebrtcProvider } from 'y-webrtc'
import type { SignalingServer } from './createSignalingServer.ts'
import { connectClient, type Received, withTimeout } from './testing/connectClient.ts'
import { loadYWebrtc, type YWebrtc } from './testing/loadYWebrtc.ts'
import { serverFixture } from './testing/serverFixture.ts'

const { start } = serverFixture()
const providers: WebrtcProvider[] = []
afterEach(() => {
  for (const provider of providers.splice(0)) {
    provider.disconnect()
    provider.destroy()
  }
})

function join(yWebrtc: YWebrtc, room: string, server: SignalingServer): WebrtcProvider {
  const provider = new yWebrtc.WebrtcProvider(room, new Y.Doc(), {
    signaling: [server.url],
    maxConns: 0,
    peerOpts: { config: { iceServers: [] } },
  })
  providers.push(provider)
  return provider
}

// The room opens a microtask after the provider is constructed, before any network reply can arrive.
const peerIdOf = (provider: WebrtcProvider) => provider.room?.peerId

/** Resolves when `provider`'s signaling connection receives an announce from `from` in `room`. */
function announceSeen(provider: WebrtcProvider, room: string, from: () => string | undefined): Promise<void> {
  const conn = provider.signalingConns[0]
  if (!conn) throw new Error('provider has no signaling connection')
  return withTimeout(
    new Promise<void>((resolve) => {
      const listener = (message: Received) => {
        if (
          message.type === 'publish' &&
          message.topic === room &&
          message.data?.type === 'announce' &&
          message.data.from === from()
        ) {
          conn.off('message', listener)
          resolve()
        }
      }
      conn.on('message', listener)
    }),
    `announce in ${room}`,
  )
}

describe('stock y-webrtc clients', () => {
  test("two clients in one room see each other's announce through our server", async () => {
    const server = await start()
    const [a, b] = await Promise.all([loadYWebrtc('a'), loadYWebrtc('b')])
    expect(a.WebrtcProvider).not.toBe(b.WebrtcProvider)
    const room = 'compat-room'
    const providerA = join(a, room, server)
    // Seeing its own announce proves A is subscribed (subscribe precedes announce on its connection).
    await announceSeen(providerA, room, () => peerIdOf(providerA))
    const providerB = join(b, room, server)
    await Promise.all([
      announceSeen(providerA, room, () => peerIdOf(providerB)),
      announceSeen(providerB, room, () => peerIdOf(providerB)),
    ])
    // A announces again whenever its connection is (re)established, as after a network blip.
    const bSeesA = announceSeen(providerB, room, () => peerIdOf(providerA))
    providerA.signalingConns[0]?.ws?.close()
    await bSeesA
    expect(server.metrics.counters.rejects).toMatchObject({ 'not-json': 0, 'invalid-message': 0, 'unknown-type': 0 })
  })

  test('a reconnecting client re-subscribes after the server restarts on the same port', async () => {
    const first = await start()
    const [a, b] = await Promise.all([loadYWebrtc('a'), loadYWebrtc('b')])
    const room = 'restart-room'
    const providerA = join(a, room, first)
    await announceSeen(providerA, room, () => peerIdOf(providerA))
    const reannounced = announceSeen(providerA, room, () => peerIdOf(providerA))
    await first.close()
    const second = await start({ port: first.port })
    // lib0/websocket retries with backoff (at most 2.5 s); on reconnect y-webrtc subscribes and announces again.
    await reannounced
    expect(second.metrics.gauges()).toMatchObject({ connections: 1, subscriptions: 1 })
    const providerB = join(b, room, second)
    await announceSeen(providerA, room, () => peerIdOf(providerB))
    // And plain clients on the new server reach A through its renewed subscription.
    const observer = await connectClient(second.url)
    const aSeesObserver = announceSeen(providerA, room, () => 'observer')
    observer.send({ type: 'publish', topic: room, data: { type: 'announce', from: 'observer' } })
    await aSeesObserver
  })
})
