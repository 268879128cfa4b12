// Signaling server benchmark: 2,000 concurrent WebSocket clients on loopback against the CLI server in a
// child process (so its memory is measured alone), 100 topics × 20 subscribers.
//   1. connect and subscribe everyone; server RSS and heap per connection from /metrics
//   2. latency at two fixed offered loads: publishes spread evenly in time, relay latency of every delivery
//   3. throughput: every client keeps a window of publishes in flight until all are delivered
// Run: npx tsx bench/signaling.ts   (last stdout line: one JSON object with the figures)

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { WebSocket } from 'ws'
import { type SpawnedSignalingServer, spawnSignalingServer } from '../signaling-server/spawnSignalingServer.ts'

const clientCount = 2_000
const topicCount = 100
// Offered loads for the latency phases: light (signaling traffic is sparse) and loaded (~1/5 of the
// saturation throughput measured here; at ~1/2 the shared 2-core machine's noise makes queues build up).
const lightPublishesPerSecond = 200
const loadedPublishesPerSecond = 500
const latencySeconds = 5
const throughputPublishesPerClient = 25
const throughputWindow = 4
// An ICE candidate message is ~200-300 bytes; an SDP offer a few KiB.
const padding = 'x'.repeat(256)

type BenchClient = { socket: WebSocket; index: number; topic: string; onMessage: (text: string) => void }

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
const round = (value: number, digits = 2) => Number(value.toFixed(digits))

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks are 1/100 s here). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function scrape(httpUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text()
  return new Map(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
  )
}

// Set once the bench closes its clients on purpose; before that, a close by the server is a failure.
let finished = false

function connect(url: string, index: number, abort: (error: Error) => void): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false })
    const client: BenchClient = { socket, index, topic: `topic-${index % topicCount}`, onMessage: () => undefined }
    socket.on('message', (data) => client.onMessage(data.toString()))
    socket.once('open', () => resolve(client))
    socket.once('error', reject)
    socket.once('close', (code, reason) => {
      if (!finished) abort(new Error(`client ${index} closed by the server: ${code} ${reason.toString()}`))
    })
  })
}

/** Resolves once every client has received a message for which `done(client, text)` says so. */
function untilEach(clients: BenchClient[], done: (client: BenchClient, text: string) => boolean): Promise<void> {
  let remaining = clients.length
  return new Promise((resolve) => {
    for (const client of clients) {
      client.onMessage = (text) => {
        if (done(client, text) && --remaining === 0) resolve()
      }
    }
  })
}

/** Publishes at `publishesPerSecond`, spread evenly, and returns the relay latency percentiles of all deliveries. */
async function measureLatency(
  clients: BenchClient[],
  publishesPerSecond: number,
): Promise<{ p50: number; p99: number }> {
  const publishes = publishesPerSecond * latencySeconds
  // Deliveries carry their send time; sender and receivers share this process's clock.
  const latencies = new Float64Array(publishes * (clientCount / topicCount))
  let received = 0
  const allDelivered = new Promise<void>((resolve) => {
    for (const client of clients) {
      client.onMessage = (text) => {
        latencies[received++] = performance.now() - (JSON.parse(text) as { sentAt: number }).sentAt
        if (received === latencies.length) resolve()
      }
    }
  })
  const tickMs = 10
  const perTick = (publishesPerSecond * tickMs) / 1000
  let sent = 0
  const start = performance.now()
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // Catch up from the wall clock so timer jitter does not lower the offered load.
      const due = Math.min(publishes, Math.floor(((performance.now() - start) / tickMs + 1) * perTick))
      for (; sent < due; sent++) {
        const client = clients[(sent * 7919) % clientCount] as BenchClient
        client.socket.send(JSON.stringify({ type: 'publish', topic: client.topic, sentAt: performance.now(), padding }))
      }
      if (sent === publishes) {
        clearInterval(timer)
        resolve()
      }
    }, tickMs)
  })
  await allDelivered
  latencies.sort()
  const result = { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) }
  console.log(
    `latency at ${publishesPerSecond} publishes/s (${latencies.length / latencySeconds} deliveries/s): ` +
      `p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`,
  )
  return result
}

// Heap figures are only comparable after a full collection: the server child gets a hook that collects
// garbage on SIGUSR2 and says so on stderr.
const gcScript = "process.on('SIGUSR2', () => { globalThis.gc(); process.stderr.write('gc-done\\n') })"
const gcHook = `data:text/javascript,${encodeURIComponent(gcScript)}`

function collectGarbage(server: SpawnedSignalingServer): Promise<void> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      if (!chunk.toString().includes('gc-done')) return
      server.child.stderr?.off('data', onData)
      resolve()
    }
    server.child.stderr?.on('data', onData)
    server.child.kill('SIGUSR2')
  })
}

async function main() {
  let abort: (error: Error) => void = () => undefined
  const aborted = new Promise<never>((_, reject) => (abort = reject))
  const server = await spawnSignalingServer({
    args: ['--port', '0', '--max-connections-per-address', String(clientCount + 10)],
    nodeArgs: ['--expose-gc', '--import', gcHook],
  })
  try {
    await Promise.race([aborted, run(server, abort)])
  } finally {
    finished = true
    await server.stop()
  }
}

async function run(server: SpawnedSignalingServer, abort: (error: Error) => void) {
  const { url, httpUrl } = server
  await collectGarbage(server)
  const before = await scrape(httpUrl)
  const clients: BenchClient[] = []
  // In batches: a burst of 2,000 SYNs would overflow the listen backlog and measure retransmits instead.
  for (let start = 0; start < clientCount; start += 100) {
    clients.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, clientCount - start) }, (_, i) => connect(url, start + i, abort)),
      )),
    )
  }
  const subscribed = untilEach(clients, (_, text) => text.includes('"pong"'))
  for (const client of clients) client.socket.send(JSON.stringify({ type: 'subscribe', topics: [client.topic] }))
  for (const client of clients) client.socket.send(JSON.stringify({ type: 'ping' }))
  await subscribed
  await collectGarbage(server)
  const after = await scrape(httpUrl)
  if (after.get('starling_signaling_subscriptions') !== clientCount)
    throw new Error('not every subscription is in place')
  const perConnection = (name: string) => ((after.get(name) ?? 0) - (before.get(name) ?? 0)) / clientCount
  const rssPerConnection = perConnection('process_resident_memory_bytes')
  const heapPerConnection = perConnection('nodejs_heap_used_bytes')
  console.log(
    `connected ${clientCount} clients on ${topicCount} topics; ` +
      `server memory per connection: RSS ${(rssPerConnection / 1024).toFixed(1)} KiB, ` +
      `heap ${(heapPerConnection / 1024).toFixed(1)} KiB`,
  )

  const subscribersPerTopic = clientCount / topicCount
  const light = await measureLatency(clients, lightPublishesPerSecond)
  const loaded = await measureLatency(clients, loadedPublishesPerSecond)

  // Throughput: each client keeps `throughputWindow` own publishes in flight; its echo frees a slot.
  const expectedPerClient = throughputPublishesPerClient * subscribersPerTopic
  const relayedBefore = (await scrape(httpUrl)).get('starling_signaling_messages_relayed_total') ?? 0
  const publish = (client: BenchClient) =>
    client.socket.send(JSON.stringify({ type: 'publish', topic: client.topic, from: client.index, padding }))
  const sentBy = new Int32Array(clientCount)
  const receivedBy = new Int32Array(clientCount)
  const serverPid = server.child.pid ?? 0
  const serverCpuBefore = cpuSecondsOf(serverPid)
  const clientCpuBefore = process.cpuUsage()
  const throughputStart = performance.now()
  const drained = untilEach(clients, (client, text) => {
    if (text.includes(`"from":${client.index},`) && sentBy[client.index]! < throughputPublishesPerClient) {
      sentBy[client.index]!++
      publish(client)
    }
    return ++receivedBy[client.index]! === expectedPerClient
  })
  for (const client of clients) {
    for (let i = 0; i < throughputWindow; i++) publish(client)
    sentBy[client.index] = throughputWindow
  }
  await drained
  const seconds = (performance.now() - throughputStart) / 1000
  const serverCpu = cpuSecondsOf(serverPid) - serverCpuBefore
  const clientUsage = process.cpuUsage(clientCpuBefore)
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6
  const deliveries = clientCount * expectedPerClient
  const relayed = ((await scrape(httpUrl)).get('starling_signaling_messages_relayed_total') ?? 0) - relayedBefore
  if (relayed !== deliveries) throw new Error(`server relayed ${relayed}, clients received ${deliveries}`)
  const messagesPerSecond = deliveries / seconds
  const serverMicrosPerDelivery = (serverCpu * 1e6) / deliveries
  console.log(
    `throughput: ${Math.round(messagesPerSecond)} deliveries/s ` +
      `(${Math.round(messagesPerSecond / subscribersPerTopic)} publishes/s) over ${seconds.toFixed(1)} s`,
  )
  console.log(
    `CPU during throughput: server ${serverCpu.toFixed(1)} s (` +
      `${serverMicrosPerDelivery.toFixed(2)} µs per delivery), bench clients ${clientCpu.toFixed(1)} s`,
  )

  finished = true
  await Promise.all(
    clients.map(
      (client) => new Promise<void>((resolve) => (client.socket.once('close', () => resolve()), client.socket.close())),
    ),
  )
  console.log(
    JSON.stringify({
      clients: clientCount,
      topics: topicCount,
      subscribersPerTopic,
      payloadBytes: JSON.stringify({ type: 'publish', topic: 'topic-00', sentAt: performance.now(), padding }).length,
      latencyPublishesPerSecond: lightPublishesPerSecond,
      latencyP50Ms: round(light.p50),
      latencyP99Ms: round(light.p99),
      loadedLatencyPublishesPerSecond: loadedPublishesPerSecond,
      loadedLatencyP50Ms: round(loaded.p50),
      loadedLatencyP99Ms: round(loaded.p99),
      messagesPerSecond: Math.round(messagesPerSecond),
      publishesPerSecond: Math.round(messagesPerSecond / subscribersPerTopic),
      serverCpuMicrosPerDelivery: round(serverMicrosPerDelivery),
      serverRssBytesPerConnection: Math.round(rssPerConnection),
      serverHeapBytesPerConnection: Math.round(heapPerConnection),
    }),
  )
}

await main()
