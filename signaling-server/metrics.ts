// Counters the server bumps as it works, gauges read on demand, and their Prometheus text exposition
// (format 0.0.4) for GET /metrics. Every reject reason is exported from the start, at 0, so that a rate()
// over a reason that has never happened is 0 rather than absent.

import { type RejectReason, rejectReasons } from './rejects.ts'

export const registryOutcomes = [
  'created',
  'exists',
  'bad-id',
  'invalid-json',
  'invalid-manifest',
  'id-mismatch',
  'too-large',
  'registry-full',
  'write-failed',
] as const
export type RegistryOutcome = (typeof registryOutcomes)[number]

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
  manifests: number
  manifestBytes: number
  uptimeSeconds: number
}

export type SignalingMetrics = {
  /** Live counters; read them, the server writes them. */
  readonly counters: SignalingCounters
  gauges(): SignalingGauges
  /** Prometheus text exposition of counters, gauges and process memory. */
  render(): string
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>

export function createMetrics(gauges: () => SignalingGauges): SignalingMetrics {
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
  return { counters, gauges, render: () => renderPrometheus(counters, gauges()) }
}

type Family = {
  name: string
  type: 'counter' | 'gauge'
  help: string
  samples: ReadonlyArray<[labels: string, value: number]>
}

const single = (value: number): Family['samples'] => [['', value]]
const labelled = (label: string, values: Record<string, number>): Family['samples'] =>
  Object.entries(values).map(([key, value]) => [`{${label}="${key}"}`, value])

function renderPrometheus(c: SignalingCounters, g: SignalingGauges): string {
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
    {
      name: `${p}manifest_puts_total`,
      type: 'counter',
      help: 'PUT /swarms/<id> requests, by outcome.',
      samples: labelled('outcome', c.manifestPuts),
    },
    { name: `${p}manifests`, type: 'gauge', help: 'Manifests held by the registry.', samples: single(g.manifests) },
    {
      name: `${p}manifest_bytes`,
      type: 'gauge',
      help: 'Bytes of manifests held by the registry.',
      samples: single(g.manifestBytes),
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
  const lines: string[] = []
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`)
    for (const [labels, value] of family.samples) lines.push(`${family.name}${labels} ${value}`)
  }
  return `${lines.join('\n')}\n`
}
