// Splits one test-network Transport into named channels, as the browser opens one data channel per purpose on
// each link (all-reduce, state sync): every frame carries its channel's index in a leading byte, and a closed
// link closes every channel.

import type { Transport, TransportEvent } from '../allreduce/Transport.ts'
import type { PeerId } from '../types/PeerId.ts'

export function createChannelMux<const Name extends string>(
  transport: Transport,
  names: readonly Name[],
): Record<Name, Transport> {
  const listeners = names.map(() => new Set<(event: TransportEvent) => void>())
  transport.subscribe((event) => {
    if (event.type === 'closed') {
      for (const set of listeners) for (const listener of [...set]) listener(event)
      return
    }
    const set = listeners[event.frame[0]!]
    if (set)
      for (const listener of [...set]) listener({ type: 'frame', from: event.from, frame: event.frame.subarray(1) })
  })
  const channel = (index: number): Transport => ({
    self: transport.self,
    maxFrameSize: (peer: PeerId) => transport.maxFrameSize(peer) - 1,
    send(peer, frame) {
      const tagged = new Uint8Array(frame.byteLength + 1)
      tagged[0] = index
      tagged.set(frame, 1)
      return transport.send(peer, tagged)
    },
    subscribe(listener) {
      listeners[index]!.add(listener)
      return () => listeners[index]!.delete(listener)
    },
  })
  return Object.fromEntries(names.map((name, index) => [name, channel(index)])) as Record<Name, Transport>
}
