// Y.Docs of named peers kept in sync the way y-webrtc keeps them over its full mesh: on connecting, each side
// sends the other its whole state (sync step 2), and every update a doc emits, local or received, goes to every
// connected peer (y-webrtc re-broadcasts what it receives, so an update that reached one live peer reaches all).
// Each directed link delivers in order after a seeded delay; updates still in flight from a peer that
// disconnects are lost, as a crashed tab's unsent data is.

import * as Y from 'yjs'
import { canonicalJson } from '../manifest/canonicalJson.ts'
import type { Random } from '../random/createRandom.ts'
import type { VirtualClock } from './createVirtualClock.ts'
import type { PeerId } from '../types/PeerId.ts'

export type DocNetwork = {
  /** Joins the mesh: full-state exchange with every connected peer, then live updates. */
  connect(peer: PeerId, doc: Y.Doc): void
  /** The doc stops sending and receiving; what it had in flight is lost. */
  disconnect(peer: PeerId): void
  /** Connected peers whose doc content differs from the first connected peer's. */
  divergent(): PeerId[]
}

export type DocNetworkParameters = {
  clock: VirtualClock
  random: Random
  /** Delivery delay of one update on one link, uniform in [min, max) ms. */
  latencyMs?: readonly [number, number]
}

const origin = Symbol('doc network')

export function createDocNetwork({ clock, random, latencyMs = [3, 30] }: DocNetworkParameters): DocNetwork {
  const docs = new Map<PeerId, { doc: Y.Doc; off: () => void; epoch: number }>()
  const lastArrival = new Map<string, number>()
  let epochs = 0

  function send(from: PeerId, to: PeerId, update: Uint8Array) {
    const sender = docs.get(from)
    const receiver = docs.get(to)
    if (!sender || !receiver) return
    const link = `${from}>${to}`
    const at = Math.max(
      clock.now() + latencyMs[0] + random.next() * (latencyMs[1] - latencyMs[0]),
      lastArrival.get(link) ?? 0,
    )
    lastArrival.set(link, at)
    const epoch = [sender.epoch, receiver.epoch]
    clock.setTimeout(() => {
      // Both ends must still be the connections that existed when the update left.
      if (docs.get(from)?.epoch !== epoch[0] || docs.get(to)?.epoch !== epoch[1]) return
      Y.applyUpdate(receiver.doc, update, origin)
    }, at - clock.now())
  }

  return {
    connect(peer, doc) {
      if (docs.has(peer)) throw new Error(`${peer} is already connected`)
      const onUpdate = (update: Uint8Array) => {
        for (const other of docs.keys()) if (other !== peer) send(peer, other, update)
      }
      doc.on('update', onUpdate)
      docs.set(peer, { doc, off: () => doc.off('update', onUpdate), epoch: epochs++ })
      for (const [other, entry] of docs) {
        if (other === peer) continue
        send(other, peer, Y.encodeStateAsUpdate(entry.doc))
        send(peer, other, Y.encodeStateAsUpdate(doc))
      }
    },
    disconnect(peer) {
      docs.get(peer)?.off()
      docs.delete(peer)
    },
    divergent() {
      // Map keys come out in integration order, which differs between replicas: compare canonical JSON.
      const [first, ...rest] = [...docs.values()].map(({ doc }) => canonicalJson(doc.toJSON()))
      return [...docs.keys()].slice(1).filter((_, i) => rest[i] !== first)
    },
  }
}
