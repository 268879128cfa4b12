import type { AttemptKey } from './attemptKey.ts'
import type { FailureReason } from './errors.ts'
import { encodeAbort } from './frame.ts'
import type { Transport } from './Transport.ts'
import type { PeerId } from '../types/PeerId.ts'

export type AbortNotice = { swarm: Uint8Array; key: AttemptKey; reason: FailureReason; culprit: PeerId }

/**
 * Tells every other member that an attempt is over and why. Control frames skip the flow-control wait: they are
 * tiny and must not queue behind data. A link that is already gone cannot be told; `report` hears of it.
 */
export function broadcastAbort(
  transport: Transport,
  to: readonly PeerId[],
  notice: AbortNotice,
  report: (error: unknown) => void,
): void {
  for (const peer of to) {
    if (peer === transport.self) continue
    const frame = encodeAbort({
      swarm: notice.swarm,
      round: notice.key.round,
      attempt: notice.key.attempt,
      reason: notice.reason,
      culprit: notice.culprit,
    })
    transport.send(peer, frame).then(undefined, report)
  }
}
