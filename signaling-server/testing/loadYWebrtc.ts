// Loads y-webrtc's real client code in Node. Its module keeps the rooms and signaling connections of the
// whole page in module-level maps, so two "browsers" in one test process need two instances of the
// module: importing its file URL with a distinct query string gives each its own module record.
// lib0/websocket needs a global `WebSocket`, which Node 20 lacks; `ws` provides a compatible one.

import { WebSocket } from 'ws'

export type YWebrtc = typeof import('y-webrtc')

export async function loadYWebrtc(instance: string): Promise<YWebrtc> {
  ;(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket
  const url = new URL(import.meta.resolve('y-webrtc'))
  url.searchParams.set('instance', instance)
  return (await import(url.href)) as YWebrtc
}
