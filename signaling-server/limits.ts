// Every bound the signaling server enforces, with its default and the reason for it. The CLI flags, the
// environment variables and `--help` are all derived from `limitSpecs`, so this table is the documentation.

export type SignalingLimits = {
  /** Largest WebSocket message accepted; bigger ones close the connection with 1009. */
  maxMessageBytes: number
  /** Distinct topics one connection may be subscribed to at once. */
  maxTopicsPerConnection: number
  /** Longest topic name (UTF-16 code units). */
  maxTopicLength: number
  /** Sustained messages per second per connection (token bucket refill rate). */
  ratePerSecond: number
  /** Messages a connection may send in one burst (token bucket capacity). */
  rateBurst: number
  /** Open WebSocket connections from one remote address. */
  maxConnectionsPerAddress: number
  /** Open WebSocket connections in total. */
  maxConnections: number
  /** WebSocket ping period; a connection that has not answered the previous ping is dropped. */
  pingIntervalMs: number
  /** Bytes queued towards one receiver before it is dropped as a slow consumer. */
  maxBufferedBytes: number
  /** Largest manifest body accepted by `PUT /swarms/<id>`. */
  maxManifestBytes: number
  /** Total bytes of manifests the registry keeps (memory and data dir); when full, the least recently used goes. */
  maxRegistryBytes: number
  /** Manifests one uploader (client address; an IPv6 /64) may hold in the registry at once. */
  maxManifestsPerUploader: number
  /** Bytes of manifests one uploader may hold in the registry at once. */
  maxRegistryBytesPerUploader: number
  /** A manifest nobody has fetched or signalled about for this long is evicted (pinned ones never are). */
  manifestIdleTtlMs: number
  /** How long a graceful shutdown waits for clients to acknowledge the 1001 close before cutting them off. */
  shutdownTimeoutMs: number
}

export type LimitSpec = {
  key: keyof SignalingLimits
  defaultValue: number
  min: number
  why: string
}

const KiB = 1024
const MiB = 1024 * KiB

export const limitSpecs: readonly LimitSpec[] = [
  {
    key: 'maxMessageBytes',
    defaultValue: 64 * KiB,
    min: 256,
    why: 'an SDP offer is 2-6 KiB, encrypted and base64 ~2x; every byte is multiplied by the topic fan-out',
  },
  {
    key: 'maxTopicsPerConnection',
    defaultValue: 64,
    min: 1,
    why: 'y-webrtc subscribes one topic per room; a page rarely holds more than a few rooms',
  },
  { key: 'maxTopicLength', defaultValue: 256, min: 1, why: 'a swarm id is 66 characters; room names are short' },
  {
    key: 'ratePerSecond',
    defaultValue: 100,
    min: 1,
    why: 'a peer sends a handful of messages per WebRTC connection it sets up, plus a ping every 15 s',
  },
  {
    key: 'rateBurst',
    defaultValue: 300,
    min: 1,
    why: 'joining a room of ~30 peers sends an offer and a few ICE candidates to each at once',
  },
  {
    key: 'maxConnectionsPerAddress',
    defaultValue: 64,
    min: 1,
    why: 'many volunteers may share one NAT address; one browser opens one connection per signaling URL',
  },
  {
    key: 'maxConnections',
    defaultValue: 10_000,
    min: 1,
    why: 'bench: ~7 KiB RSS and ~5 KiB heap per subscribed connection, so 10k fit in ~100 MB',
  },
  {
    key: 'pingIntervalMs',
    defaultValue: 30_000,
    min: 10,
    why: "as y-webrtc's server: browsers answer pings themselves, so only dead links miss one",
  },
  {
    key: 'maxBufferedBytes',
    defaultValue: 1 * MiB,
    min: 1 * KiB,
    why: 'a receiver that does not read must not make the server hold unbounded copies of the fan-out',
  },
  {
    key: 'maxManifestBytes',
    defaultValue: 64 * KiB,
    min: 1 * KiB,
    why: 'a manifest is under 1 KiB; the bound only stops abuse',
  },
  {
    key: 'maxRegistryBytes',
    defaultValue: 16 * MiB,
    min: 1 * KiB,
    why: 'over 16k manifests of ~1 KiB; when full the least recently used one makes room, so it never refuses',
  },
  {
    key: 'maxManifestsPerUploader',
    defaultValue: 32,
    min: 1,
    why: 'a proposer launches a handful of swarms, and a few proposers may share one NAT address',
  },
  {
    key: 'maxRegistryBytesPerUploader',
    defaultValue: 256 * KiB,
    min: 1 * KiB,
    why: 'a sixty-fourth of the registry: no one address can take more than a sliver of it',
  },
  {
    key: 'manifestIdleTtlMs',
    defaultValue: 7 * 24 * 3_600_000,
    min: 1_000,
    why: 'a week; a swarm with volunteers holds its signaling room, so only abandoned or unjoined ones go',
  },
  {
    key: 'shutdownTimeoutMs',
    defaultValue: 3_000,
    min: 0,
    why: 'clients reconnect with backoff anyway; a supervisor should not wait long',
  },
]

/** The limit's name in flags, metrics and error bodies: `maxRegistryBytes` → `max-registry-bytes`. */
export const limitName = (key: keyof SignalingLimits): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

export const defaultLimits: SignalingLimits = Object.fromEntries(
  limitSpecs.map((spec) => [spec.key, spec.defaultValue]),
) as SignalingLimits
