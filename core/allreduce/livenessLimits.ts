// How long the all-reduce waits before it names a peer, from the measured link rate and the frame size.
//
//   silence(p) = clamp(h + 3 · inFlight(p) / rate(p), 4h, 2500 ms)
//     A live peer sends a heartbeat every h = 250 ms; on the link from the predecessor that heartbeat may queue
//     behind the data frames in flight (framesInFlight frames); the factor 3 absorbs jitter. The cap keeps the
//     worst-case detection of a dead peer, cap + one check period h, under the 3 s the design asks for; the
//     price is that a link slower than about 3 · inFlight / 2.25 s (≈ 350 KiB/s at 64 KiB frames) is taken
//     for a dead one.
//   stall(pred) = silence(pred) + N · (frameBytes / rate(pred) + h)
//     Once every member has joined, the next frame from the predecessor depends on a chain of at most N hops,
//     each one frame's transmission plus up to a heartbeat period of latency and scheduling. It exceeds the
//     silence limit, so a dead peer is reported as silent (by everyone) before anyone reports a stall.

export const heartbeatMs = 250
export const maxSilenceMs = 2500
/** Frames the engine expects a transport to hold in its flow-control window. */
export const framesInFlight = 4
/** 16 KB/s: a rate measured lower says the peer was idle, not that the link is that slow; it bounds the stall limit. */
const minBytesPerMs = 16

export function silenceLimitMs(bytesPerMs: number, inFlightBytes: number): number {
  const rate = Math.max(minBytesPerMs, bytesPerMs)
  return Math.min(maxSilenceMs, Math.max(4 * heartbeatMs, heartbeatMs + (3 * inFlightBytes) / rate))
}

export function stallLimitMs(bytesPerMs: number, frameBytes: number, members: number): number {
  const rate = Math.max(minBytesPerMs, bytesPerMs)
  return silenceLimitMs(rate, framesInFlight * frameBytes) + members * (frameBytes / rate + heartbeatMs)
}
