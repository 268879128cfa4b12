// Counters the server bumps as it works, gauges read on demand, and their Prometheus text exposition
// (format 0.0.4) for GET /metrics, with every configured limit beside them. Every reject reason is exported
// from the start, at 0, so that a rate() over a reason that has never happened is 0 rather than absent.

import { limitName, limitSpecs, type SignalingLimits } from './limits.ts'
import type { RegistryStats } from './manifestRegistry.ts'
import { type Family, labelled, renderFamilies, single } from './prometheusText.ts'
import { registryFamilies, type RegistryOutcome, registryOutcomes } from './registryMetrics.ts'
import { type RejectReason, rejectReasons } from './rejects.ts'

export type SignalingCounters = {
  connectionsAccepted: number
  messagesReceived: number
  bytesReceived: number
  /** One per delivery: a publish to a topic of n subscribers counts n. */
  messagesRelayed: number
  bytesRelayed: number
  deadConnections: number
  /** Network errors on sockets (resets and the like), logged and counted, never fatal. */
  socketErrors: number
  rejects: Record<RejectReason, number>
  manifestPuts: Record<RegistryOutcome, number>
}

export type SignalingGauges = {
  connections: number
  topics: number
  subscriptions: number
  registry: RegistryStats
  uptimeSeconds: number
}

export type SignalingMetrics = {
  /** Live counters; read them, the server writes them. */
  readonly counters: SignalingCounters
  gauges(): SignalingGauges
  /** Prometheus text exposition of counters, gauges, limits and process memory. */
  render(): string
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>

export function createMetrics(gauges: () => SignalingGauges, limits: SignalingLimits): SignalingMetrics {
  const counters: SignalingCounters = {
    connectionsAccepted: 0,
    messagesReceived: 0,
    bytesReceived: 0,
    messagesRelayed: 0,
    bytesRelayed: 0,
    deadConnections: 0,
    socketErrors: 0,
    rejects: zeroes(rejectReasons),
    manifestPuts: zeroes(registryOutcomes),
  }
  return { counters, gauges, render: () => renderPrometheus(counters, gauges(), limits) }
}

function renderPrometheus(c: SignalingCounters, g: SignalingGauges, limits: SignalingLimits): string {
  const memory = process.memoryUsage()
  const p = 'starling_signaling_'
  const families: Family[] = [
    { name: `${p}connections`, type: 'gauge', help: 'Open WebSocket connections.', samples: single(g.connections) },
    {
      name: `${p}connections_accepted_total`,
      type: 'counter',
      help: 'WebSocket connections accepted.',
      samples: single(c.connectionsAccepted),
    },
    { name: `${p}topics`, type: 'gauge', help: 'Topics with at least one subscriber.', samples: single(g.topics) },
    {
      name: `${p}subscriptions`,
      type: 'gauge',
      help: '(connection, topic) subscriptions.',
      samples: single(g.subscriptions),
    },
    {
      name: `${p}messages_received_total`,
      type: 'counter',
      help: 'WebSocket messages received.',
      samples: single(c.messagesReceived),
    },
    {
      name: `${p}bytes_received_total`,
      type: 'counter',
      help: 'Bytes of WebSocket messages received.',
      samples: single(c.bytesReceived),
    },
    {
      name: `${p}messages_relayed_total`,
      type: 'counter',
      help: 'Publish deliveries (one per receiving subscriber).',
      samples: single(c.messagesRelayed),
    },
    {
      name: `${p}bytes_relayed_total`,
      type: 'counter',
      help: 'Bytes of publish deliveries.',
      samples: single(c.bytesRelayed),
    },
    {
      name: `${p}rejects_total`,
      type: 'counter',
      help: 'Messages or connections refused, by reason.',
      samples: labelled('reason', c.rejects),
    },
    {
      name: `${p}dead_connections_total`,
      type: 'counter',
      help: 'Connections dropped for missing a ping.',
      samples: single(c.deadConnections),
    },
    {
      name: `${p}socket_errors_total`,
      type: 'counter',
      help: 'Network errors on sockets.',
      samples: single(c.socketErrors),
    },
    ...registryFamilies(c.manifestPuts, g.registry),
    {
      name: `${p}limit`,
      type: 'gauge',
      help: 'Configured limits (limits.ts), by their flag name.',
      samples: limitSpecs.map(({ key }) => [`{limit="${limitName(key)}"}`, limits[key]]),
    },
    {
      name: `${p}uptime_seconds`,
      type: 'gauge',
      help: 'Seconds since the server started listening.',
      samples: single(g.uptimeSeconds),
    },
    {
      name: 'process_resident_memory_bytes',
      type: 'gauge',
      help: 'Resident set size of the server process.',
      samples: single(memory.rss),
    },
    { name: 'nodejs_heap_used_bytes', type: 'gauge', help: 'V8 heap in use.', samples: single(memory.heapUsed) },
  ]
  return renderFamilies(families)
}
