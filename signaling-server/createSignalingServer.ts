// Starts the signaling server: one HTTP server whose upgrades become y-webrtc signaling clients and whose
// plain requests serve health, metrics and the manifest registry. Used in-process by tests and `npm start`,
// and by main.ts for the CLI.

import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Clock } from '../core/types/Clock.ts'
import type { Hex } from '../core/types/Hex.ts'
import { createAdmission } from './admission.ts'
import { attachClient, type Client, type ClientContext, closeClient, terminateClient } from './attachClient.ts'
import { clientAddressOf } from './clientAddress.ts'
import { startHeartbeat } from './heartbeat.ts'
import { createHttpRoutes } from './httpRoutes.ts'
import { defaultLimits, type SignalingLimits } from './limits.ts'
import { createManifestRegistry } from './manifestRegistry.ts'
import { createMetrics, type SignalingMetrics } from './metrics.ts'
import { closeCodes, type UpgradeRejectReason, upgradeRefusals } from './rejects.ts'
import { swarmOfTopic } from './swarmOfTopic.ts'
import { systemClock } from './systemClock.ts'
import { createTopicRegistry } from './topics.ts'

export type CreateSignalingServerParameters = {
  /** Interface to bind; default 127.0.0.1. */
  host?: string
  /** Default 0: a free port chosen by the OS. */
  port?: number
  /** Overrides of the defaults in limits.ts. */
  limits?: Partial<SignalingLimits>
  /** Persist the manifest registry here; memory only when undefined. */
  dataDir?: string | undefined
  /** Header holding the client's address as a reverse proxy saw it (clientAddress.ts); default none. */
  trustedProxyHeader?: string | undefined
  /** Swarm ids whose manifests are never expired or evicted (the demo swarm). */
  pinnedSwarms?: readonly Hex[]
  /** Time for the registry's idle expiry; tests inject a virtual clock. Default the process clock. */
  clock?: Clock
  /** Operational log lines (errors that are counted but worth a look); default stderr. */
  log?: (line: string) => void
}

export type SignalingServer = {
  /** ws://host:port, what y-webrtc's `signaling` option takes. */
  url: string
  /** http://host:port, for /healthz, /metrics and /swarms/<id>. */
  httpUrl: string
  host: string
  port: number
  metrics: SignalingMetrics
  limits: SignalingLimits
  /**
   * Graceful shutdown: refuse new connections, close clients with 1001, cut off laggards after shutdownTimeoutMs.
   * Idempotent.
   */
  close(): Promise<void>
}

export async function createSignalingServer(
  parameters: CreateSignalingServerParameters = {},
): Promise<SignalingServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    dataDir,
    trustedProxyHeader,
    log = (line: string) => console.error(line),
  } = parameters
  const limits: SignalingLimits = { ...defaultLimits, ...parameters.limits }
  const clients = new Set<Client>()
  const topics = createTopicRegistry<Client>()
  const registry = await createManifestRegistry({
    dataDir,
    limits,
    pinned: parameters.pinnedSwarms ?? [],
    clock: parameters.clock ?? systemClock,
    // Every page of a swarm holds its Yjs room, named by the swarm id, for as long as it is open.
    inUse: (id) => topics.subscribers(id).size > 0,
    log,
  })
  let startedAt = performance.now()
  const metrics = createMetrics(
    () => ({
      connections: clients.size,
      topics: topics.topicCount(),
      subscriptions: topics.subscriptionCount(),
      registry: registry.stats(),
      uptimeSeconds: Math.round((performance.now() - startedAt) / 1000),
    }),
    limits,
  )
  const onTopicUsed = (topic: string) => {
    const swarm = swarmOfTopic(topic)
    if (swarm) registry.touch(swarm)
  }
  const context: ClientContext = { limits, metrics, topics, onTopicUsed, log }
  const addressOf = (request: IncomingMessage) => clientAddressOf(request, trustedProxyHeader)
  const admission = createAdmission(limits)
  // No compression: it costs CPU and memory per connection and opens the door to decompression bombs.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  })
  // Short request timeouts: a slow upload to /swarms must not hold a connection for Node's default 5 minutes.
  const server = createServer(
    { requestTimeout: 15_000, headersTimeout: 10_000 },
    createHttpRoutes({
      registry,
      metrics,
      maxManifestBytes: limits.maxManifestBytes,
      clientAddressOf: addressOf,
      log,
    }),
  )
  let shuttingDown = false

  const refuse = (socket: Duplex, reason: UpgradeRejectReason) => {
    metrics.counters.rejects[reason]++
    const { status, text } = upgradeRefusals[reason]
    const body = `${reason}\n`
    socket.once('finish', () => socket.destroy())
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    )
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => {
      metrics.counters.socketErrors++
      log(`signaling: upgrade socket error: ${error.message}`)
    })
    const address = addressOf(request)
    const refusal = shuttingDown ? 'shutting-down' : admission.admit(address)
    if (refusal) return refuse(socket, refusal)
    // ws answers a bad handshake itself and never calls back, so the slot is released on whichever comes first.
    let released = false
    const release = () => {
      if (released) return
      released = true
      admission.release(address)
    }
    socket.once('close', release)
    wss.handleUpgrade(request, socket, head, (ws) => {
      const client = attachClient(context, ws, address, (closed) => {
        clients.delete(closed)
        release()
      })
      clients.add(client)
      if (shuttingDown) closeClient(context, client, closeCodes.goingAway, 'server shutting down')
    })
  })
  server.on('clientError', (error, socket) => {
    // Malformed HTTP: count it and answer 400 as Node would, instead of leaving it unseen.
    metrics.counters.socketErrors++
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy(error)
  })

  const stopHeartbeat = startHeartbeat({
    clients: () => clients,
    periodMs: limits.pingIntervalMs,
    onDead: (client) => {
      metrics.counters.deadConnections++
      terminateClient(context, client)
    },
  })

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    stopHeartbeat()
    await registry.close()
    throw error
  }
  startedAt = performance.now()
  const bound = (server.address() as AddressInfo).port
  const authority = `${host.includes(':') ? `[${host}]` : host}:${bound}`

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true
      stopHeartbeat()
      const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const allGone = Promise.all(
        [...clients].map((client) => new Promise<void>((resolve) => client.socket.once('close', () => resolve()))),
      )
      for (const client of clients) closeClient(context, client, closeCodes.goingAway, 'server shutting down')
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, limits.shutdownTimeoutMs)))
      await Promise.race([allGone, timedOut])
      clearTimeout(timer)
      for (const client of clients) client.socket.terminate()
      server.closeAllConnections()
      wss.close()
      await listenerClosed
      await registry.close()
    })()
    return closing
  }

  return { url: `ws://${authority}`, httpUrl: `http://${authority}`, host, port: bound, metrics, limits, close }
}
