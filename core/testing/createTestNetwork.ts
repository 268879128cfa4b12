// A seeded in-memory network for protocol tests, in the manner of yjs's test helper: a full mesh of ordered,
// reliable links between named peers, each with latency, jitter, bandwidth and a send buffer with back-pressure
// (like an RTCDataChannel: `send` waits while the buffer is over its low-water mark, and a buffer past the kill
// limit closes the link, as Chromium does at 16 MiB). Peers can crash (links close), hang (go silent with links
// open), and an interceptor can drop, duplicate or rewrite any frame. Time is a virtual clock and the only
// randomness is the seeded jitter: the same seed gives the same run.

import { LinkClosedError } from '../allreduce/errors.ts'
import type { Transport, TransportEvent } from '../allreduce/Transport.ts'
import { BaseError } from '../errors/BaseError.ts'
import { createRandom } from '../random/createRandom.ts'
import { createVirtualClock, type VirtualClock } from './createVirtualClock.ts'
import type { PeerId } from '../types/PeerId.ts'

export type LinkProfile = {
  latencyMs: number
  /** Extra delay, uniform in [0, jitterMs); never reorders a link. */
  jitterMs: number
  bytesPerMs: number
  /** `send` resolves once the untransmitted bytes fall to this (bufferedAmountLowThreshold). */
  windowBytes: number
  /** Untransmitted bytes past this close the link. */
  killBytes: number
  maxFrameSize: number
}

/** Roughly one browser channel (docs/architecture.md §9): 20 MiB/s, 262144-byte frames. */
export const defaultLinkProfile: LinkProfile = {
  latencyMs: 5,
  jitterMs: 2,
  bytesPerMs: 20 * 1048.576,
  windowBytes: 256 * 1024,
  killBytes: 16 * 1024 * 1024,
  maxFrameSize: 262144,
}

/** One frame about to go on the wire; `index` counts the frames sent on this directed link. */
export type Packet = { from: PeerId; to: PeerId; frame: Uint8Array; index: number; at: number }
/** Returns what goes on the wire instead: [] drops the frame, two frames duplicate it. */
export type Interceptor = (packet: Packet) => readonly Uint8Array[]

export class FrameTooLargeError extends BaseError {
  override name = 'FrameTooLargeError' as const
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`A frame of ${size} bytes exceeds the link's ${limit}.`)
  }
}

export type TestNetwork = {
  readonly clock: VirtualClock
  transport(peer: PeerId): Transport
  /** Changes the profile of the link from `from` to `to` (both directions if `bothWays`). */
  configure(from: PeerId, to: PeerId, profile: Partial<LinkProfile>, bothWays?: boolean): void
  /** The peer's process dies: its links close, the others hear of it after the link latency. */
  crash(peer: PeerId): void
  /** The peer stops sending and receiving, and its links stay open: only silence tells. */
  hang(peer: PeerId): void
  intercept(interceptor: Interceptor | undefined): void
  /** Every delivery and close, in order: equal logs mean equal runs. */
  readonly log: readonly string[]
  /** The most bytes any link ever held untransmitted. */
  maxBuffered(): number
}

type Link = {
  profile: LinkProfile
  busyUntil: number
  lastArrival: number
  inFlight: { end: number; bytes: number }[]
  sent: number
  closed: string | undefined
  waiting: Set<(error?: Error) => void>
}

export function createTestNetwork({
  seed,
  profile = {},
}: {
  seed: number | string
  profile?: Partial<LinkProfile>
}): TestNetwork {
  const clock = createVirtualClock()
  const random = createRandom(seed)
  const base = { ...defaultLinkProfile, ...profile }
  const links = new Map<string, Link>()
  const listeners = new Map<PeerId, Set<(event: TransportEvent) => void>>()
  const backlog = new Map<PeerId, TransportEvent[]>()
  const crashed = new Set<PeerId>()
  const hung = new Set<PeerId>()
  const log: string[] = []
  let interceptor: Interceptor | undefined
  let maxBuffered = 0

  const link = (from: PeerId, to: PeerId) => {
    const id = `${from}>${to}`
    let found = links.get(id)
    if (!found)
      links.set(
        id,
        (found = {
          profile: { ...base },
          busyUntil: 0,
          lastArrival: 0,
          inFlight: [],
          sent: 0,
          closed: undefined,
          waiting: new Set(),
        }),
      )
    return found
  }
  const buffered = (state: Link, at: number) => {
    while (state.inFlight.length > 0 && state.inFlight[0]!.end <= at) state.inFlight.shift()
    return state.inFlight.reduce((sum, frame) => sum + frame.bytes, 0)
  }
  const emit = (peer: PeerId, event: TransportEvent) => {
    const set = listeners.get(peer)
    if (!set || set.size === 0) backlog.set(peer, [...(backlog.get(peer) ?? []), event])
    else for (const listener of [...set]) listener(event)
  }
  const close = (from: PeerId, to: PeerId, reason: string) => {
    const state = link(from, to)
    if (state.closed !== undefined) return
    state.closed = reason
    for (const wake of state.waiting) wake(new LinkClosedError(to, reason))
    state.waiting.clear()
  }

  function transmit(from: PeerId, to: PeerId, state: Link, frame: Uint8Array) {
    const now = clock.now()
    const end = Math.max(now, state.busyUntil) + frame.byteLength / state.profile.bytesPerMs
    state.busyUntil = end
    state.inFlight.push({ end, bytes: frame.byteLength })
    const arrival = Math.max(end + state.profile.latencyMs + random.next() * state.profile.jitterMs, state.lastArrival)
    state.lastArrival = arrival
    clock.setTimeout(() => {
      // A crash loses what the dead peer had not finished transmitting; a hung or dead receiver reads nothing.
      if ((crashed.has(from) && end > crashedAt.get(from)!) || crashed.has(to) || hung.has(to)) return
      log.push(`${clock.now().toFixed(3)} ${from}>${to} ${frame.byteLength}`)
      emit(to, { type: 'frame', from, frame })
    }, arrival - now)
  }
  const crashedAt = new Map<PeerId, number>()

  function send(from: PeerId, to: PeerId, frame: Uint8Array): Promise<void> {
    const state = link(from, to)
    if (frame.byteLength > state.profile.maxFrameSize)
      return Promise.reject(new FrameTooLargeError(frame.byteLength, state.profile.maxFrameSize))
    if (crashed.has(from)) return Promise.reject(new LinkClosedError(to, 'this peer crashed'))
    if (state.closed !== undefined) return Promise.reject(new LinkClosedError(to, state.closed))
    if (hung.has(from)) return Promise.resolve()
    const now = clock.now()
    const packet = { from, to, frame: frame.slice(), index: state.sent++, at: now }
    for (const copy of interceptor ? interceptor(packet) : [packet.frame]) transmit(from, to, state, copy)
    const held = buffered(state, now)
    maxBuffered = Math.max(maxBuffered, held)
    if (held > state.profile.killBytes) {
      close(from, to, 'send queue is full')
      return Promise.reject(new LinkClosedError(to, 'send queue is full'))
    }
    // The earliest time the untransmitted bytes are down to the window: frames leave in order.
    let tail = 0
    let k = state.inFlight.length
    while (k > 0 && tail + state.inFlight[k - 1]!.bytes <= state.profile.windowBytes) tail += state.inFlight[--k]!.bytes
    if (k === 0) return Promise.resolve()
    const at = state.inFlight[k - 1]!.end
    return new Promise<void>((resolve, reject) => {
      const wake = (error?: Error) => (error ? reject(error) : resolve())
      state.waiting.add(wake)
      clock.setTimeout(() => {
        if (state.waiting.delete(wake)) wake()
      }, at - now)
    })
  }

  return {
    clock,
    transport: (self) => ({
      self,
      maxFrameSize: (peer) => link(self, peer).profile.maxFrameSize,
      send: (peer, frame) => send(self, peer, frame),
      subscribe(listener) {
        let set = listeners.get(self)
        if (!set) listeners.set(self, (set = new Set()))
        set.add(listener)
        for (const event of backlog.get(self)?.splice(0) ?? []) listener(event)
        return () => set.delete(listener)
      },
    }),
    configure(from, to, profile, bothWays = false) {
      Object.assign(link(from, to).profile, profile)
      if (bothWays) Object.assign(link(to, from).profile, profile)
    },
    crash(peer) {
      if (crashed.has(peer)) return
      crashed.add(peer)
      crashedAt.set(peer, clock.now())
      for (const other of listeners.keys()) {
        if (other === peer) continue
        close(peer, other, 'the peer crashed')
        const state = link(peer, other)
        const at = Math.max(clock.now() + state.profile.latencyMs, state.lastArrival)
        clock.setTimeout(() => {
          close(other, peer, 'the peer crashed')
          log.push(`${clock.now().toFixed(3)} ${peer}>${other} closed`)
          emit(other, { type: 'closed', peer, reason: 'the peer crashed' })
        }, at - clock.now())
      }
    },
    hang: (peer) => void hung.add(peer),
    intercept(next) {
      interceptor = next
    },
    log,
    maxBuffered: () => maxBuffered,
  }
}
