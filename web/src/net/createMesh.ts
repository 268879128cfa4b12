// The training mesh: one WebRTC connection per pair of peers, set up by simple-peer over our signaling
// server, carrying our own negotiated data channels for bulk traffic (all-reduce, state sync) beside
// simple-peer's channel, which we use for heartbeats. Raw channels give us bufferedAmount flow control
// and the full channel throughput (see bench/README.md).
//
// Signaling messages on topic `starling/<swarm>/mesh`:
//   { type: 'announce', from }          "I am here": the lower id of a pair initiates, so offers never collide
//   { type: 'signal', from, to, signal } an offer, answer or ICE candidate for one pair

import Peer from 'simple-peer/simplepeer.min.js'
import type { Instance as SimplePeer, SignalData } from 'simple-peer'
import type { SignalingClient } from './createSignalingClient.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'
import { linkFailure } from './linkHealth.ts'

export type LinkEvent = { type: 'up'; peer: PeerId } | { type: 'down'; peer: PeerId; reason: string }

export type Mesh = {
  readonly self: PeerId
  /** Peers whose link is up: connected, every channel open, heartbeats arriving. */
  peers(): ReadonlySet<PeerId>
  channel(peer: PeerId, label: string): RTCDataChannel | undefined
  /** simple-peer's instance for the link (its own channel carries the heartbeats); bench/ measures its send path. */
  simplePeer(peer: PeerId): SimplePeer | undefined
  maxMessageSize(peer: PeerId): number
  subscribe(listener: (event: LinkEvent) => void): () => void
  close(): void
}

export type MeshOptions = {
  self: PeerId
  topic: string
  signaling: SignalingClient
  iceServers: RTCIceServer[]
  /** Negotiated channels created on every link, with fixed SCTP stream ids (high, away from simple-peer's). */
  channels: readonly { label: string; id: number }[]
}

type Link = {
  peer: PeerId
  sp: SimplePeer
  channels: Map<string, RTCDataChannel>
  connected: boolean
  up: boolean
  createdAt: number
  lastHeard: number
}

const heartbeatEveryMs = 500
const announceEveryMs = 5_000

export function createMesh(options: MeshOptions): Mesh {
  const { self, topic, signaling } = options
  const links = new Map<PeerId, Link>()
  const up = new Set<PeerId>()
  const listeners = new Set<(event: LinkEvent) => void>()
  const emit = (event: LinkEvent) => {
    for (const listener of [...listeners]) listener(event)
  }
  const announce = () => signaling.publish(topic, { type: 'announce', from: self })

  const drop = (link: Link, reason: string) => {
    if (links.get(link.peer) !== link) return
    links.delete(link.peer)
    link.sp.destroy()
    for (const channel of link.channels.values()) channel.close()
    if (up.delete(link.peer)) emit({ type: 'down', peer: link.peer, reason })
  }

  const checkUp = (link: Link) => {
    if (link.up || !link.connected || [...link.channels.values()].some((c) => c.readyState !== 'open')) return
    link.up = true
    link.lastHeard = Date.now()
    up.add(link.peer)
    emit({ type: 'up', peer: link.peer })
  }

  const connect = (peer: PeerId, initiator: boolean): Link => {
    const sp = new Peer({
      initiator,
      trickle: true,
      config: { iceServers: options.iceServers },
      channelName: 'starling-control',
    })
    const now = Date.now()
    const link: Link = { peer, sp, channels: new Map(), connected: false, up: false, createdAt: now, lastHeard: now }
    links.set(peer, link)
    const pc = (sp as unknown as { _pc: RTCPeerConnection })._pc
    for (const { label, id } of options.channels) {
      const channel = pc.createDataChannel(label, { negotiated: true, id, ordered: true })
      channel.binaryType = 'arraybuffer'
      channel.addEventListener('open', () => checkUp(link))
      // Bulk data proves the peer alive as well as a heartbeat does. Measured: while a channel streams at full
      // rate, messages on every stream of the connection (heartbeats included) can arrive up to ~2 s late, so a
      // link whose heartbeats alone were watched was dropped in the middle of healthy transfers.
      channel.addEventListener('message', () => (link.lastHeard = Date.now()))
      channel.addEventListener('close', () => drop(link, `${label} channel closed`))
      link.channels.set(label, channel)
    }
    sp.on('signal', (signal: SignalData) => signaling.publish(topic, { type: 'signal', from: self, to: peer, signal }))
    sp.on('connect', () => {
      link.connected = true
      checkUp(link)
    })
    sp.on('data', () => (link.lastHeard = Date.now()))
    sp.on('close', () => drop(link, 'connection closed'))
    sp.on('error', (error: Error) => drop(link, `connection failed: ${error.message}`))
    return link
  }

  const onSignal = (data: unknown) => {
    if (typeof data !== 'object' || data === null) return
    const message = data as { type?: unknown; from?: unknown; to?: unknown; signal?: unknown }
    if (typeof message.from !== 'string' || message.from === self) return
    const from = message.from
    if (message.type === 'announce') {
      if (links.has(from)) return
      if (self < from) connect(from, true)
      else announce() // the other side initiates once it learns about us
    } else if (
      message.type === 'signal' &&
      message.to === self &&
      typeof message.signal === 'object' &&
      message.signal !== null
    ) {
      const signal = message.signal as SignalData
      let link = links.get(from)
      // A fresh offer means the other side started over (it reloaded, or dropped the link first).
      if (signal.type === 'offer' && link) drop(link, 'the peer reconnected')
      if (signal.type === 'offer' || !link) link = links.get(from) ?? (from < self ? connect(from, false) : undefined)
      link?.sp.signal(signal)
    }
  }

  const unsubscribeTopic = signaling.subscribe(topic, onSignal)
  const unsubscribeStatus = signaling.onStatus((status) => status === 'open' && announce())
  announce()
  const timers = [
    setInterval(announce, announceEveryMs),
    setInterval(() => {
      const now = Date.now()
      for (const link of [...links.values()]) {
        const failure = linkFailure(link, now)
        if (failure) drop(link, failure)
        else if (link.connected) {
          try {
            link.sp.send('h')
          } catch (error) {
            drop(link, `heartbeat failed: ${(error as Error).message}`)
          }
        }
      }
    }, heartbeatEveryMs),
  ]

  return {
    self,
    peers: () => up,
    channel: (peer, label) => (up.has(peer) ? links.get(peer)?.channels.get(label) : undefined),
    simplePeer: (peer) => (up.has(peer) ? links.get(peer)?.sp : undefined),
    maxMessageSize: (peer) => {
      const pc = (links.get(peer)?.sp as unknown as { _pc?: RTCPeerConnection } | undefined)?._pc
      return pc?.sctp?.maxMessageSize ?? 65_536
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      for (const timer of timers) clearInterval(timer)
      unsubscribeTopic()
      unsubscribeStatus()
      for (const link of [...links.values()]) drop(link, 'this peer left')
    },
  }
}
