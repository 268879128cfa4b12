// One WebSocket client of the signaling server: rate-limits, parses and executes its messages
// (clientMessage.ts), relays publishes to subscribers, and applies the reject policy (rejects.ts).
// Nothing a client sends can throw out of here: bad input becomes a counted reject.

import type { RawData, WebSocket } from 'ws'
import { type ClientMessage, parseClientMessage } from './clientMessage.ts'
import type { SignalingLimits } from './limits.ts'
import type { SignalingMetrics } from './metrics.ts'
import { createTokenBucket, type TokenBucket } from './rateLimiter.ts'
import { type MessageRejectReason, messageRejectActions, reasonOfSocketError } from './rejects.ts'
import type { TopicRegistry } from './topics.ts'

export type Client = {
  readonly socket: WebSocket
  readonly address: string
  readonly bucket: TokenBucket
  /** Cleared at each heartbeat ping, set by the pong; see heartbeat.ts. */
  alive: boolean
  /** Set once we decided to close it: it gets no more relays and its messages are ignored. */
  closing: boolean
}

export type ClientContext = {
  limits: SignalingLimits
  metrics: SignalingMetrics
  topics: TopicRegistry<Client>
  /** Called for each topic a client subscribes or publishes to, so the registry can see which swarms are used. */
  onTopicUsed: (topic: string) => void
  log: (line: string) => void
}

const pong = JSON.stringify({ type: 'pong' })

/** Stops relaying to `client` and starts the WebSocket closing handshake. */
export function closeClient({ topics }: ClientContext, client: Client, code: number, text: string) {
  if (client.closing) return
  client.closing = true
  topics.unsubscribeAll(client)
  client.socket.close(code, text)
}

/** Drops `client` at once, without a closing handshake (for peers that no longer answer). */
export function terminateClient({ topics }: ClientContext, client: Client) {
  client.closing = true
  topics.unsubscribeAll(client)
  client.socket.terminate()
}

function reject(context: ClientContext, client: Client, reason: MessageRejectReason, detail: string) {
  context.metrics.counters.rejects[reason]++
  const action = messageRejectActions[reason]
  if (action.kind === 'answer') send(context, client, JSON.stringify({ type: 'error', reason, message: detail }))
  else closeClient(context, client, action.code, action.text)
}

/** Queues a text frame unless the client has stopped reading, in which case it is dropped; false then. */
function send(context: ClientContext, client: Client, data: Buffer | string): boolean {
  if (client.closing) return false
  const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length
  if (client.socket.bufferedAmount + length > context.limits.maxBufferedBytes) {
    reject(context, client, 'slow-consumer', `more than ${context.limits.maxBufferedBytes} bytes queued`)
    return false
  }
  client.socket.send(data, { binary: false })
  return true
}

function relay(context: ClientContext, topic: string, data: Buffer) {
  const { counters } = context.metrics
  for (const receiver of context.topics.subscribers(topic)) {
    // The same buffer goes to every receiver: ws frames it without copying.
    if (!send(context, receiver, data)) continue
    counters.messagesRelayed++
    counters.bytesRelayed += data.length
  }
}

function execute(context: ClientContext, client: Client, message: ClientMessage, data: Buffer) {
  const { topics, limits } = context
  switch (message.type) {
    case 'subscribe': {
      const held = topics.topicsOf(client)
      const fresh = new Set(message.topics.filter((topic) => !held.has(topic)))
      // All or nothing, so a client never ends up with an arbitrary subset of what it asked for.
      if (held.size + fresh.size > limits.maxTopicsPerConnection) {
        return reject(
          context,
          client,
          'too-many-topics',
          `subscribing to ${fresh.size} more topics would exceed ${limits.maxTopicsPerConnection}`,
        )
      }
      for (const topic of fresh) topics.subscribe(client, topic)
      for (const topic of message.topics) context.onTopicUsed(topic)
      return
    }
    case 'unsubscribe':
      for (const topic of message.topics) topics.unsubscribe(client, topic)
      return
    case 'publish':
      context.onTopicUsed(message.topic)
      return relay(context, message.topic, data)
    case 'ping':
      send(context, client, pong)
      return
    default:
      return message satisfies never
  }
}

export function attachClient(
  context: ClientContext,
  socket: WebSocket,
  address: string,
  onClosed: (client: Client) => void,
): Client {
  const { limits, metrics, topics, log } = context
  const client: Client = {
    socket,
    address,
    bucket: createTokenBucket({ perSecond: limits.ratePerSecond, burst: limits.rateBurst }),
    alive: true,
    closing: false,
  }
  metrics.counters.connectionsAccepted++
  socket.on('pong', () => {
    client.alive = true
  })
  socket.on('message', (raw: RawData, isBinary: boolean) => {
    // Without fragmentation options ws always hands over one Buffer; the other shapes are typed, not used.
    const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw)
    metrics.counters.messagesReceived++
    metrics.counters.bytesReceived += data.length
    if (client.closing) return
    if (!client.bucket.take())
      return reject(context, client, 'rate-limited', `more than ${limits.ratePerSecond} messages per second`)
    if (isBinary) return reject(context, client, 'binary', 'binary frames are not accepted')
    const parsed = parseClientMessage(data.toString('utf8'), limits.maxTopicLength)
    if (!parsed.ok) return reject(context, client, parsed.reason, parsed.detail)
    execute(context, client, parsed.message, data)
  })
  socket.on('error', (error: Error & { code?: unknown }) => {
    // ws has already started closing the socket with the right code; we only account for it.
    const reason = reasonOfSocketError(error.code)
    if (reason) {
      metrics.counters.rejects[reason]++
      return
    }
    metrics.counters.socketErrors++
    log(`signaling: socket error from ${address}: ${error.message}`)
  })
  socket.on('close', () => {
    client.closing = true
    topics.unsubscribeAll(client)
    onClosed(client)
  })
  return client
}
