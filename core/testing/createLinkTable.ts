// The data links between simulated volunteers as each one sees them (the Links port; in a browser, the WebRTC
// mesh's open channels): links come up after a negotiation delay and go down when a peer leaves, or when a
// crashed peer's channels time out. Every change is told to both ends.

import type { Links } from '../swarm/VolunteerPorts.ts'
import type { PeerId } from '../types/PeerId.ts'

export type LinkTable = {
  /** A peer with no links yet. */
  add(peer: PeerId): void
  set(a: PeerId, b: PeerId, up: boolean): void
  /** Takes down every link of `peer` and forgets it. */
  drop(peer: PeerId): void
  links(peer: PeerId): Links
}

export function createLinkTable(): LinkTable {
  const linked = new Map<PeerId, Set<PeerId>>()
  const listeners = new Map<PeerId, Set<() => void>>()
  const set = (a: PeerId, b: PeerId, up: boolean) => {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const peers = linked.get(from)
      if (!peers || peers.has(to) === up) continue
      if (up) peers.add(to)
      else peers.delete(to)
      for (const listener of [...(listeners.get(from) ?? [])]) listener()
    }
  }
  return {
    add(peer) {
      linked.set(peer, new Set())
      listeners.set(peer, new Set())
    },
    set,
    drop(peer) {
      for (const other of linked.get(peer) ?? []) set(peer, other, false)
      linked.delete(peer)
    },
    links: (peer) => ({
      peers: () => linked.get(peer) ?? new Set(),
      subscribe(listener) {
        listeners.get(peer)?.add(listener)
        return () => listeners.get(peer)?.delete(listener)
      },
    }),
  }
}
