import type { Address } from 'viem'
import type { PeerId } from '../types/PeerId.ts'

export type UnitsByPayeeReturnType = {
  /** Keyed by checksummed payee address. */
  paid: Map<Address, bigint>
  /** Units of peers that declared no payee (yet): no receipt covers them. */
  unassigned: bigint
}

/** Sums each payee's units over the peers (sessions) that declared it: one wallet may train in many tabs and days. */
export function unitsByPayee(
  units: ReadonlyMap<PeerId, bigint>,
  payees: ReadonlyMap<PeerId, Address>,
): UnitsByPayeeReturnType {
  const paid = new Map<Address, bigint>()
  let unassigned = 0n
  for (const [peer, count] of units) {
    const payee = payees.get(peer)
    if (payee === undefined) unassigned += count
    else paid.set(payee, (paid.get(payee) ?? 0n) + count)
  }
  return { paid, unassigned }
}
