// Point-to-point throughput of the two ways a link can carry bulk data, measured the same way: our raw
// negotiated RTCDataChannel with flow control on bufferedAmount, and simple-peer's stream (`write`, its
// 64 KiB back-pressure, its Buffer conversion on both ends). The receiver counts bytes from the moment the
// mesh is up; a transfer waits for `bytes` more than were counted when it was armed.

import type { Mesh } from '../net/createMesh.ts'
import { BenchLinkError } from './benchErrors.ts'
import { epochNow, waitUntil } from './epochClock.ts'
import type { TransferOptions, TransferPath, TransferResult } from './StarlingBench.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'

export type TransferMeter = { transfer(options: TransferOptions): Promise<TransferResult> }

type Counter = { bytes: number; waiter: { target: number; resolve: (at: number) => void } | undefined }

export function createTransferMeter(mesh: Mesh, label: string): TransferMeter {
  const counters = new Map<string, Counter>()
  const counter = (path: TransferPath, peer: PeerId) => {
    const key = `${path}:${peer}`
    let found = counters.get(key)
    if (!found) counters.set(key, (found = { bytes: 0, waiter: undefined }))
    return found
  }
  const count = (path: TransferPath, peer: PeerId, bytes: number) => {
    const found = counter(path, peer)
    found.bytes += bytes
    if (found.waiter && found.bytes >= found.waiter.target) {
      found.waiter.resolve(epochNow())
      found.waiter = undefined
    }
  }
  // A link the mesh dropped comes back as a new connection with new channels: each is counted once it is up.
  const wired = new WeakSet<object>()
  const wire = (peer: PeerId) => {
    const channel = mesh.channel(peer, label)
    const sp = mesh.simplePeer(peer)
    if (channel && !wired.has(channel)) {
      wired.add(channel)
      channel.addEventListener('message', (event: MessageEvent<ArrayBuffer>) =>
        count('raw', peer, event.data.byteLength),
      )
    }
    if (sp && !wired.has(sp)) {
      wired.add(sp)
      // simple-peer's channel also carries the mesh's 1-byte heartbeats: a few bytes of error at most.
      sp.on('data', (data: Uint8Array) => count('simple-peer', peer, data.byteLength))
    }
  }
  for (const peer of mesh.peers()) wire(peer)
  mesh.subscribe((event) => event.type === 'up' && wire(event.peer))

  const arm = (path: TransferPath, peer: PeerId, bytes: number) =>
    new Promise<number>((resolve) => {
      const found = counter(path, peer)
      found.waiter = { target: found.bytes + bytes, resolve }
    })

  async function sendRaw(peer: PeerId, { bytes, messageBytes, highWaterBytes }: TransferOptions) {
    const channel = mesh.channel(peer, label)
    if (!channel) throw new BenchLinkError(peer, `no ${label} channel`)
    channel.bufferedAmountLowThreshold = highWaterBytes / 4
    const message = new Uint8Array(messageBytes)
    for (let sent = 0; sent < bytes; sent += messageBytes) {
      channel.send(message.subarray(0, Math.min(messageBytes, bytes - sent)))
      if (channel.bufferedAmount > highWaterBytes)
        await new Promise((resolve) => channel.addEventListener('bufferedamountlow', resolve, { once: true }))
    }
  }

  async function sendSimplePeer(peer: PeerId, { bytes, messageBytes }: TransferOptions) {
    const sp = mesh.simplePeer(peer)
    if (!sp) throw new BenchLinkError(peer, 'no simple-peer connection')
    for (let sent = 0; sent < bytes; sent += messageBytes) {
      // A fresh message each time: the stream may hold a written chunk until the channel takes it.
      if (!sp.write(new Uint8Array(Math.min(messageBytes, bytes - sent))))
        await new Promise((resolve) => sp.once('drain', resolve))
    }
  }

  async function run(options: TransferOptions): Promise<TransferResult> {
    const self = mesh.self
    const incoming = options.links.filter((link) => link.to === self)
    const arrivals = incoming.map(async ({ from }) => ({ from, at: await arm(options.path, from, options.bytes) }))
    await waitUntil(options.startAt)
    const send = options.path === 'raw' ? sendRaw : sendSimplePeer
    await Promise.all(options.links.filter((link) => link.from === self).map((link) => send(link.to, options)))
    return { received: await Promise.all(arrivals) }
  }

  return {
    async transfer(options) {
      // A link that goes down mid-transfer would leave its sends and arrivals pending forever.
      let unsubscribe = () => {}
      const down = new Promise<never>((_, reject) => {
        unsubscribe = mesh.subscribe(
          (event) => event.type === 'down' && reject(new BenchLinkError(event.peer, event.reason)),
        )
      })
      try {
        return await Promise.race([run(options), down])
      } finally {
        unsubscribe()
      }
    },
  }
}
