// A WebSocket client for our signaling server (y-webrtc's protocol: subscribe / unsubscribe / publish / ping).
// It reconnects with capped exponential backoff and re-subscribes, so peers keep their mesh when the server
// restarts; established WebRTC links do not depend on it at all.

export type SignalingStatus = 'connecting' | 'open' | 'closed'
export type SignalingMessage = { topic: string; data: unknown }

export type SignalingClient = {
  readonly status: SignalingStatus
  subscribe(topic: string, listener: (data: unknown) => void): () => void
  publish(topic: string, data: unknown): void
  onStatus(listener: (status: SignalingStatus) => void): () => void
  close(): void
}

const pingEveryMs = 15_000
const maxBackoffMs = 5_000

export function createSignalingClient(url: string): SignalingClient {
  const listeners = new Map<string, Set<(data: unknown) => void>>()
  const statusListeners = new Set<(status: SignalingStatus) => void>()
  let socket: WebSocket | undefined
  let status: SignalingStatus = 'connecting'
  let attempts = 0
  let closed = false
  let pinger: ReturnType<typeof setInterval> | undefined
  let lastMessageAt = 0

  const setStatus = (next: SignalingStatus) => {
    status = next
    for (const listener of statusListeners) listener(next)
  }
  const send = (message: object) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  const connect = () => {
    if (closed) return
    setStatus('connecting')
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      attempts = 0
      lastMessageAt = Date.now()
      setStatus('open')
      if (listeners.size > 0) send({ type: 'subscribe', topics: [...listeners.keys()] })
      pinger = setInterval(() => {
        // A socket that stopped answering pings is dead even if the browser has not noticed yet.
        if (Date.now() - lastMessageAt > 2 * pingEveryMs) ws.close()
        else send({ type: 'ping' })
      }, pingEveryMs)
    }
    ws.onmessage = (event) => {
      lastMessageAt = Date.now()
      if (typeof event.data !== 'string') return
      let message: { type?: unknown; topic?: unknown; data?: unknown }
      try {
        message = JSON.parse(event.data)
      } catch (error) {
        console.warn('signaling: ignored a message that is not JSON', error)
        return
      }
      if (message.type !== 'publish' || typeof message.topic !== 'string') return
      for (const listener of listeners.get(message.topic) ?? []) listener(message.data)
    }
    ws.onclose = () => {
      clearInterval(pinger)
      if (socket !== ws) return
      socket = undefined
      setStatus('closed')
      if (closed) return
      const delay = Math.min(maxBackoffMs, 250 * 2 ** attempts++) * (0.5 + Math.random() / 2)
      setTimeout(connect, delay)
    }
  }
  connect()

  return {
    get status() {
      return status
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic)
      if (!set) {
        listeners.set(topic, (set = new Set()))
        send({ type: 'subscribe', topics: [topic] })
      }
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size > 0) return
        listeners.delete(topic)
        send({ type: 'unsubscribe', topics: [topic] })
      }
    },
    publish: (topic, data) => send({ type: 'publish', topic, data }),
    onStatus(listener) {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    },
    close() {
      closed = true
      clearInterval(pinger)
      socket?.close()
    },
  }
}
