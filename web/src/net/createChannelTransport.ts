// core's Transport over one labelled data channel per peer of the mesh. Back-pressure lives in `send`:
// it waits for `bufferedamountlow` once a channel holds more than the high-water mark, far below
// Chromium's 16 MiB limit at which the channel is killed. Frames that arrive before anyone subscribes
// are queued, never dropped.

import type { Transport, TransportEvent } from '../../../core/allreduce/Transport.ts'
import { LinkClosedError } from '../../../core/allreduce/errors.ts'
import type { Mesh } from './createMesh.ts'
import { highWaterBytes, lowWaterBytes } from './bulkChannel.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'

export function createChannelTransport(mesh: Mesh, label: string): Transport & { close(): void } {
  const listeners = new Set<(event: TransportEvent) => void>()
  const backlog: TransportEvent[] = []
  const wired = new Map<RTCDataChannel, (event: MessageEvent<ArrayBuffer | string>) => void>()
  const emit = (event: TransportEvent) => {
    if (listeners.size === 0) backlog.push(event)
    else for (const listener of [...listeners]) listener(event)
  }

  const wire = (peer: PeerId) => {
    const channel = mesh.channel(peer, label)
    if (!channel || wired.has(channel)) return
    const onMessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') return
      emit({ type: 'frame', from: peer, frame: new Uint8Array(event.data) })
    }
    wired.set(channel, onMessage)
    channel.bufferedAmountLowThreshold = lowWaterBytes
    channel.addEventListener('message', onMessage)
  }
  for (const peer of mesh.peers()) wire(peer)
  const unsubscribeMesh = mesh.subscribe((event) => {
    if (event.type === 'up') wire(event.peer)
    else emit({ type: 'closed', peer: event.peer, reason: event.reason })
  })

  return {
    self: mesh.self,
    maxFrameSize: (peer) => mesh.maxMessageSize(peer),
    windowBytes: () => highWaterBytes,
    async send(peer, frame) {
      const channel = mesh.channel(peer, label)
      if (!channel || channel.readyState !== 'open') throw new LinkClosedError(peer, `no open ${label} channel`)
      try {
        channel.send(frame as Uint8Array<ArrayBuffer>)
      } catch (error) {
        throw new LinkClosedError(peer, `send failed: ${(error as Error).message}`)
      }
      if (channel.bufferedAmount <= highWaterBytes) return
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          channel.removeEventListener('bufferedamountlow', done)
          channel.removeEventListener('close', closed)
          resolve()
        }
        const closed = () => {
          channel.removeEventListener('bufferedamountlow', done)
          reject(new LinkClosedError(peer, `${label} channel closed while sending`))
        }
        channel.addEventListener('bufferedamountlow', done)
        channel.addEventListener('close', closed)
      })
    },
    subscribe(listener) {
      listeners.add(listener)
      for (const event of backlog.splice(0)) listener(event)
      return () => listeners.delete(listener)
    },
    // Stops listening, so a closed transport no longer queues what its channels still receive.
    close() {
      unsubscribeMesh()
      for (const [channel, onMessage] of wired) channel.removeEventListener('message', onMessage)
      wired.clear()
      backlog.length = 0
    },
  }
}
