// The small link interface the all-reduce runs over: WebRTC data channels in browsers (web/src/net), a seeded
// in-memory network in tests (core/testing). Everything the engine knows about the network passes through here.

import type { PeerId } from '../types/PeerId.ts'

export type TransportEvent =
  /** `frame` belongs to the listener from now on: the engine may rewrite it in place and send it on. */
  { type: 'frame'; from: PeerId; frame: Uint8Array } | { type: 'closed'; peer: PeerId; reason: string }

export interface Transport {
  readonly self: PeerId
  /** Bytes per frame to this peer (RTCDataChannel maxMessageSize: 262144 in Chromium). */
  maxFrameSize(peer: PeerId): number
  /**
   * Bytes the link to this peer may hold unsent before `send` waits: what a heartbeat can queue behind. Liveness
   * limits grow with it; without it the engine assumes livenessLimits' `framesInFlight` frames.
   */
  windowBytes?(peer: PeerId): number
  /**
   * Hands one frame to the link; the caller never touches `frame` again. Resolves when more may be sent without
   * exceeding the link's flow-control window (browser: after bufferedAmount falls under a low-water mark);
   * rejects with a typed error (LinkClosedError) if the link is closed.
   */
  send(peer: PeerId, frame: Uint8Array): Promise<void>
  /** Frames and link closes, in arrival order per peer. */
  subscribe(listener: (event: TransportEvent) => void): () => void
}
