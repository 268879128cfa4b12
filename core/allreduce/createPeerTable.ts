// What one member knows of the others across attempts: when each was last heard, its latest heartbeat, how far
// it got (the newest attempt it sent data or a heartbeat for), the measured rate of its link, whether the link
// is down. Outlives sessions, so a new attempt starts with what earlier ones learned.

import { type AttemptKey, compareAttempts } from './attemptKey.ts'
import { createThroughputEstimate, type ThroughputEstimate } from './throughputEstimate.ts'
import type { PeerId } from '../types/PeerId.ts'

export type PeerView = {
  /** Clock ms of the last frame of any kind (−∞ if never). */
  lastHeard: number
  /** The attempt of its latest heartbeat, and what it said of it. */
  key: AttemptKey | undefined
  joined: boolean
  done: boolean
  highest: AttemptKey | undefined
}

/** Peers heard within this long get heartbeats even outside any attempt. */
const watchMs = 30_000

export type PeerTable = {
  view(peer: PeerId): PeerView
  estimate(peer: PeerId): ThroughputEstimate
  /** A frame arrived from the peer: it is alive and its link is up. */
  heard(peer: PeerId, now: number): PeerView
  /** Records the attempt of a data frame or heartbeat; false if the peer had already moved past it. */
  advance(peer: PeerId, key: AttemptKey): boolean
  linkDown(peer: PeerId): void
  isDown(peer: PeerId): boolean
  /** Who gets this member's heartbeat: the attempt's members and every peer heard lately, links up. */
  heartbeatTargets(self: PeerId, members: readonly PeerId[], now: number): PeerId[]
}

export function createPeerTable(): PeerTable {
  const views = new Map<PeerId, PeerView>()
  const estimates = new Map<PeerId, ThroughputEstimate>()
  const down = new Set<PeerId>()
  const view = (peer: PeerId) => {
    let known = views.get(peer)
    if (!known)
      views.set(
        peer,
        (known = {
          lastHeard: Number.NEGATIVE_INFINITY,
          key: undefined,
          joined: false,
          done: false,
          highest: undefined,
        }),
      )
    return known
  }
  return {
    view,
    estimate(peer) {
      let known = estimates.get(peer)
      if (!known) estimates.set(peer, (known = createThroughputEstimate()))
      return known
    },
    heard(peer, now) {
      down.delete(peer)
      const known = view(peer)
      known.lastHeard = now
      return known
    },
    advance(peer, key) {
      const known = view(peer)
      if (known.highest && compareAttempts(key, known.highest) < 0) return false
      known.highest = key
      return true
    },
    linkDown: (peer) => void down.add(peer),
    isDown: (peer) => down.has(peer),
    heartbeatTargets(self, members, now) {
      const targets = new Set(members)
      for (const [peer, known] of views) if (now - known.lastHeard <= watchMs) targets.add(peer)
      return [...targets].filter((peer) => peer !== self && !down.has(peer))
    },
  }
}
