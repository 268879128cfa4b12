// The swarm's Y.Doc in Node: y-webrtc over our signaling server, with Node WebRTC (@roamhq/wrtc) under
// simple-peer, so a validator is just another replica of the doc, as browsers are. It writes no presence, so
// leaders never put it in a round.
import wrtc from '@roamhq/wrtc'
import { WebSocket } from 'ws'
import { WebrtcProvider } from 'y-webrtc'
import * as Y from 'yjs'

export type JoinSwarmDocParameters = {
  swarmId: `0x${string}`
  signalingUrl: string
  /** The swarm's own STUN/TURN servers; [] on a LAN. Never simple-peer's public defaults. */
  iceServers: readonly RTCIceServer[]
}
export type SwarmDoc = {
  doc: Y.Doc
  /** Peers the doc is synced with over WebRTC right now. */
  peers(): number
  close(): void
}

export function joinSwarmDoc({ swarmId, signalingUrl, iceServers }: JoinSwarmDocParameters): SwarmDoc {
  // lib0/websocket, under y-webrtc's signaling connection, uses the global WebSocket, which Node 20 lacks.
  ;(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket
  const doc = new Y.Doc()
  const provider = new WebrtcProvider(swarmId, doc, {
    signaling: [signalingUrl],
    peerOpts: { wrtc, config: { iceServers: [...iceServers] } },
  })
  return {
    doc,
    peers: () => provider.room?.webrtcConns.size ?? 0,
    close: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}
