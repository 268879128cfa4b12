import type { Transport } from '../Transport.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

/**
 * What the robust exchange needs beyond the ring's checks (attemptProblem): it sends to every member, not just a
 * successor, and each member's commitments must name every chunk. Undefined if nothing is wrong.
 */
export function robustAttemptProblem(
  transport: Transport,
  members: readonly PeerId[],
  frameBytes: number,
  commitments: ReadonlyMap<PeerId, readonly Hex[]> | undefined,
): string | undefined {
  for (const peer of members)
    if (peer !== transport.self && transport.maxFrameSize(peer) < frameBytes)
      return `frames of ${frameBytes} bytes exceed the ${transport.maxFrameSize(peer)} bytes the link to ${peer} takes`
  if (!commitments) return undefined
  for (const peer of members) {
    const hashes = commitments.get(peer)
    if (hashes?.length !== members.length)
      return `${peer} has ${hashes?.length ?? 0} commitments, one per member needed`
    if (!hashes.every((hash) => /^0x[0-9a-fA-F]{64}$/.test(hash)))
      return `${peer} has a commitment that is not 32 bytes of hex`
  }
  return undefined
}
