// Drops dead connections: every period each client is pinged at the WebSocket level and must have answered
// the previous ping. Browsers answer pings without any page code, so only a vanished or frozen peer misses
// one; y-webrtc's own server does the same every 30 s. One timer serves all clients.

import type { Client } from './attachClient.ts'

export type HeartbeatParameters = {
  clients: () => Iterable<Client>
  periodMs: number
  onDead: (client: Client) => void
}

/** Starts the heartbeat; returns the function that stops it. */
export function startHeartbeat({ clients, periodMs, onDead }: HeartbeatParameters): () => void {
  const timer = setInterval(() => {
    for (const client of clients()) {
      if (client.closing) continue
      if (!client.alive) {
        onDead(client)
        continue
      }
      client.alive = false
      client.socket.ping()
    }
  }, periodMs)
  // The listening socket keeps the process alive; the heartbeat alone must not.
  timer.unref()
  return () => clearInterval(timer)
}
