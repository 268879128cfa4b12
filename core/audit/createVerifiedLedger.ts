// Each member's latest verified audit, which receipts stop at (core/rewards/unitsByPeer.ts `verifiedThrough`):
// a contribution no audit drew is paid once a later one of the same member verified. A member whose audit lapsed
// (auditConsequence.ts) stays below the lapsed version, whatever verifies later; verdicts may settle out of order.
import type { PeerId } from '../types/PeerId.ts'
import type { AuditConsequence } from './auditConsequence.ts'
import type { AuditVerdict } from './createAuditor.ts'

export type VerifiedLedger = {
  record(verdict: AuditVerdict, consequence: AuditConsequence): void
  verifiedThrough(): ReadonlyMap<PeerId, number>
}

export function createVerifiedLedger(): VerifiedLedger {
  const verified = new Map<PeerId, number[]>()
  const lapsedAt = new Map<PeerId, number>()
  const through = new Map<PeerId, number>()
  const update = (peer: PeerId) => {
    const below = lapsedAt.get(peer) ?? Infinity
    const counted = (verified.get(peer) ?? []).filter((version) => version < below)
    if (counted.length > 0) through.set(peer, Math.max(...counted))
    else through.delete(peer)
  }
  return {
    record({ peer, version, outcome }, consequence) {
      if (consequence === 'lapse') lapsedAt.set(peer, Math.min(lapsedAt.get(peer) ?? Infinity, version))
      else if (outcome === 'verified') verified.set(peer, [...(verified.get(peer) ?? []), version])
      else return
      update(peer)
    },
    verifiedThrough: () => through,
  }
}
