// How long the all-reduce waits before it names a peer, from the measured link rate and the link's window.
//
//   silence(p) = clamp(h + 3 · inFlight(p) / rate(p), 8h, 2500 ms)
//     A live peer sends a heartbeat every h = 250 ms; on the link from the predecessor that heartbeat may queue
//     behind the data in flight (the transport's flow-control window, Transport.windowBytes); the factor 3
//     absorbs jitter. The floor of 8h = 2 s: measured in headless Chromium on a shared 2-core machine
//     (bench/README.md), a healthy WebRTC link went silent for 1.0–1.2 s at a time (SCTP recovering packets
//     the browser dropped under CPU contention), and the former floor of 1 s aborted healthy rounds. The cap
//     keeps the worst-case detection of a dead peer, cap + one check period h, under the 3 s target of
//     docs/architecture.md §5; the price is that a link slower than about 3 · inFlight / 2.25 s is taken for a
//     dead one.
//   stall(pred) = silence(pred) + N · (frameBytes / rate(pred) + h)
//     Once every member has joined, the next frame from the predecessor depends on a chain of at most N hops,
//     each one frame's transmission plus up to a heartbeat period of latency and scheduling. It exceeds the
//     silence limit, so a dead peer is reported as silent (by everyone) before anyone reports a stall.
//   committed(pred) = stall(pred) + inFlight / rate(pred)
//     After this member is done, the last bytes of its window are still on their way to its successor, and the
//     others finish after those: up to a window's drain at the ring's rate (links of a ring run at about one
//     rate, the slowest one's, so the predecessor's measured rate stands for it).

export const heartbeatMs = 250
export const minSilenceMs = 8 * heartbeatMs
export const maxSilenceMs = 2500
/** Frames in flight assumed of a transport that does not state its window. */
export const framesInFlight = 4
/** 16 KB/s: a rate measured lower says the peer was idle, not that the link is that slow; it bounds the stall limit. */
const minBytesPerMs = 16

export function silenceLimitMs(bytesPerMs: number, inFlightBytes: number): number {
  const rate = Math.max(minBytesPerMs, bytesPerMs)
  return Math.min(maxSilenceMs, Math.max(minSilenceMs, heartbeatMs + (3 * inFlightBytes) / rate))
}

export function stallLimitMs(bytesPerMs: number, frameBytes: number, inFlightBytes: number, members: number): number {
  const rate = Math.max(minBytesPerMs, bytesPerMs)
  return silenceLimitMs(rate, inFlightBytes) + members * (frameBytes / rate + heartbeatMs)
}

export function committedLimitMs(
  bytesPerMs: number,
  frameBytes: number,
  inFlightBytes: number,
  members: number,
): number {
  return (
    stallLimitMs(bytesPerMs, frameBytes, inFlightBytes, members) + inFlightBytes / Math.max(minBytesPerMs, bytesPerMs)
  )
}
