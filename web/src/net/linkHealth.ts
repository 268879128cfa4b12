// When the mesh gives up on a link (createMesh.ts): a link that is up but silent, and a link that never came up.
// The second matters as much as the first: a pending link blocks a new attempt to the same peer (announcements
// from a peer already linked are ignored, so offers never collide), so a connection attempt whose offer, answer or
// candidates were lost, or whose ICE checks stalled under load, would keep the pair apart for good.

/**
 * Tearing a link down is costly (a new connection, and its first large transfer loses packets and stalls again),
 * so only silence well past what healthy links show drops one. Measured (bench/README.md): under CPU contention
 * a healthy connection carried nothing at all, on any channel, for 2.5 s and more, and 2.5 s here tore such links
 * down mid-transfer. The 3 s failure-detection target of a round is the all-reduce's own (livenessLimits.ts).
 */
export const heartbeatTimeoutMs = 5_000

/**
 * How long a new link may take to connect and open its channels. Healthy pairs here connect in well under a
 * second; under heavy load (four pages on two cores) a few seconds. Past this the attempt is dropped and the next
 * announcement starts a fresh one.
 */
export const connectTimeoutMs = 15_000

export type LinkTimes = { up: boolean; createdAt: number; lastHeard: number }

/** Why the link should be dropped at `now`, or undefined while it is healthy or still has time to come up. */
export function linkFailure(link: LinkTimes, now: number): string | undefined {
  if (link.up)
    return now - link.lastHeard > heartbeatTimeoutMs ? `no heartbeat for ${heartbeatTimeoutMs} ms` : undefined
  return now - link.createdAt > connectTimeoutMs ? `not connected within ${connectTimeoutMs} ms` : undefined
}
