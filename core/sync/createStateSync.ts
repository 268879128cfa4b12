import type { Transport } from '../allreduce/Transport.ts'
import { BaseError } from '../errors/BaseError.ts'
import { type Digest, webDigest } from '../state/hashState.ts'
import { deserializeState } from '../state/serializeState.ts'
import type { VersionRecord } from '../swarm/records.ts'
import type { TrainingState } from '../swarm/VolunteerPorts.ts'
import { chunkHeaderBytes, decodeSyncFrame, encodeSyncFrame } from './syncFrame.ts'
import type { Clock } from '../types/Clock.ts'
import type { PeerId } from '../types/PeerId.ts'

export class StateSyncError extends BaseError {
  override name = 'StateSyncError' as const
  constructor(
    readonly version: number,
    readonly attempts: readonly string[],
  ) {
    super(`Could not fetch version ${version} from any peer.`, { metaMessages: attempts.map((a) => `- ${a}`) })
  }
}

/** What a holder can serve: its verified state, serialized. */
export type Served = { version: number; hash: `0x${string}`; bytes: Uint8Array }

export type StateSync = {
  fetch(version: VersionRecord, holders: readonly PeerId[]): Promise<TrainingState>
  /** The state `serve` returns has changed: requests parked for it are answered now. */
  offer(): void
  close(): void
}

/** Silence between chunks after which a holder is given up: five heartbeat timeouts of a live link. */
const idleTimeoutMs = 5_000
/**
 * A request parked for a version the holder does not hold yet is refused after this, well before the requester gives
 * up.
 */
const parkMs = idleTimeoutMs / 2
const maxChunkBytes = 64 * 1024

/**
 * Late joiners and peers that fell behind fetch a committed version's state from a peer holding it,
 * chunked over their own channel and verified against the version's hash before use. Every peer serves
 * the state it holds (`serve`), so the load spreads over holders tried in turn.
 *
 * A request for a version newer than the one served is parked rather than refused: a member whose reported
 * result was just committed holds it as soon as the commit reaches it, a few ms after a peer that saw the
 * commit first (the leader, say) asks for it. Refusing would send that peer to the back of the queue.
 */
export type StateSyncOptions = {
  transport: Transport
  clock: Clock
  /** The state this peer can serve right now. */
  serve: () => Served | undefined
  /** Told when serving a peer stopped half-way (the requester notices and asks another holder). */
  onServeError?: (peer: PeerId, error: unknown) => void
  /** Checks fetched states against their version's hash; default WebCrypto (simulations inject a clock-ordered one). */
  digest?: Digest
}

export function createStateSync({
  transport,
  clock,
  serve,
  onServeError,
  digest = webDigest,
}: StateSyncOptions): StateSync {
  let nextRequestId = 1
  const parked = new Map<
    string,
    { to: PeerId; requestId: number; version: number; hash: `0x${string}`; timer: unknown }
  >()
  const inflight = new Map<
    number,
    { from: PeerId; onFrame: (frame: ReturnType<typeof decodeSyncFrame>) => void; onClosed: (reason: string) => void }
  >()

  const unsubscribe = transport.subscribe((event) => {
    if (event.type === 'closed') {
      for (const request of inflight.values()) if (request.from === event.peer) request.onClosed(event.reason)
      for (const [key, request] of parked) {
        if (request.to !== event.peer) continue
        clock.clearTimeout(request.timer)
        parked.delete(key)
      }
      return
    }
    let frame
    try {
      frame = decodeSyncFrame(event.frame)
    } catch (error) {
      for (const request of inflight.values())
        if (request.from === event.from) request.onClosed((error as Error).message)
      return
    }
    if (frame.type === 'request') void answer(event.from, frame.requestId, frame.version, frame.hash)
    else {
      const request = inflight.get(frame.requestId)
      if (request && request.from === event.from) request.onFrame(frame)
    }
  })

  function park(to: PeerId, requestId: number, version: number, hash: `0x${string}`) {
    const key = `${to}/${requestId}`
    const timer = clock.setTimeout(() => {
      parked.delete(key)
      void answer(to, requestId, version, hash, false)
    }, parkMs)
    parked.set(key, { to, requestId, version, hash, timer })
  }

  async function answer(to: PeerId, requestId: number, version: number, hash: `0x${string}`, mayPark = true) {
    const state = serve()
    if (mayPark && state && state.version < version) return park(to, requestId, version, hash)
    try {
      if (!state || state.version !== version || state.hash !== hash) {
        await transport.send(
          to,
          encodeSyncFrame({ type: 'refuse', requestId, reason: `this peer holds version ${state?.version ?? 'none'}` }),
        )
        return
      }
      const size = Math.min(maxChunkBytes, transport.maxFrameSize(to) - chunkHeaderBytes)
      const count = Math.max(1, Math.ceil(state.bytes.byteLength / size))
      for (let index = 0; index < count; index++) {
        const payload = state.bytes.subarray(index * size, (index + 1) * size)
        await transport.send(
          to,
          encodeSyncFrame({ type: 'chunk', requestId, index, count, totalBytes: state.bytes.byteLength, payload }),
        )
      }
    } catch (error) {
      onServeError?.(to, error)
    }
  }

  function fetchFrom(from: PeerId, version: VersionRecord): Promise<Uint8Array> {
    const requestId = nextRequestId++
    return new Promise<Uint8Array>((resolve, reject) => {
      let buffer: Uint8Array | undefined
      let received = 0
      let offset = 0
      let expected = -1
      let timer: unknown
      const finish = (error?: Error) => {
        clock.clearTimeout(timer)
        inflight.delete(requestId)
        if (error) reject(error)
        else resolve(buffer!)
      }
      const arm = () => {
        clock.clearTimeout(timer)
        timer = clock.setTimeout(
          () => finish(new Error(`${from.slice(0, 10)} sent nothing for ${idleTimeoutMs} ms`)),
          idleTimeoutMs,
        )
      }
      inflight.set(requestId, {
        from,
        onClosed: (reason) => finish(new Error(`${from.slice(0, 10)}: ${reason}`)),
        onFrame: (frame) => {
          if (frame.type === 'refuse') return finish(new Error(`${from.slice(0, 10)} refused: ${frame.reason}`))
          if (frame.type !== 'chunk') return
          if (!buffer) {
            if (frame.totalBytes > 1 << 30)
              return finish(new Error(`${from.slice(0, 10)} announced ${frame.totalBytes} bytes`))
            buffer = new Uint8Array(frame.totalBytes)
            expected = frame.count
          }
          if (
            frame.count !== expected ||
            frame.index !== received ||
            offset + frame.payload.byteLength > buffer.byteLength
          )
            return finish(
              new Error(`${from.slice(0, 10)} sent chunk ${frame.index} of ${frame.count} out of order or too long`),
            )
          buffer.set(frame.payload, offset)
          offset += frame.payload.byteLength
          received++
          if (received < expected) return arm()
          if (offset !== buffer.byteLength)
            return finish(new Error(`${from.slice(0, 10)} sent ${offset} of ${buffer.byteLength} bytes`))
          finish()
        },
      })
      arm()
      transport
        .send(from, encodeSyncFrame({ type: 'request', requestId, version: version.version, hash: version.hash }))
        .catch((error: Error) => finish(error))
    })
  }

  return {
    async fetch(version, holders) {
      const attempts: string[] = []
      for (const holder of holders) {
        try {
          const bytes = await fetchFrom(holder, version)
          const hash = await digest(bytes)
          if (hash !== version.hash) {
            attempts.push(`${holder.slice(0, 10)} sent state with hash ${hash}, not ${version.hash}`)
            continue
          }
          return deserializeState(bytes)
        } catch (error) {
          attempts.push((error as Error).message)
        }
      }
      if (holders.length === 0) attempts.push('no linked peer holds it')
      throw new StateSyncError(version.version, attempts)
    },
    offer() {
      const state = serve()
      for (const [key, request] of parked) {
        if (!state || state.version < request.version) continue
        parked.delete(key)
        clock.clearTimeout(request.timer)
        void answer(request.to, request.requestId, request.version, request.hash, false)
      }
    },
    close() {
      unsubscribe()
      for (const request of parked.values()) clock.clearTimeout(request.timer)
      parked.clear()
    },
  }
}
