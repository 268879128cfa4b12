// Connection admission: counts open (and in-handshake) connections in total and per remote address, and
// says why a new one must be refused. A slot is reserved before the WebSocket handshake, so a burst of
// simultaneous upgrades cannot slip past the limits.

import { BaseError } from '../core/errors/BaseError.ts'
import type { UpgradeRejectReason } from './rejects.ts'

/** A slot released twice: a bug in the caller's bookkeeping, which would otherwise corrupt the limits silently. */
export class AdmissionReleaseError extends BaseError {
  override name = 'AdmissionReleaseError' as const
  constructor(readonly address: string) {
    super(`Released a connection slot of ${address}, which holds none.`)
  }
}

export type Admission = {
  /** Reserves a slot for `address`, or returns why not. */
  admit(address: string): UpgradeRejectReason | undefined
  release(address: string): void
  total(): number
}

export function createAdmission(limits: { maxConnections: number; maxConnectionsPerAddress: number }): Admission {
  const perAddress = new Map<string, number>()
  let total = 0
  return {
    admit(address) {
      if (total >= limits.maxConnections) return 'too-many-connections'
      const held = perAddress.get(address) ?? 0
      if (held >= limits.maxConnectionsPerAddress) return 'too-many-connections-per-address'
      perAddress.set(address, held + 1)
      total++
      return undefined
    },
    release(address) {
      const held = perAddress.get(address)
      if (held === undefined) throw new AdmissionReleaseError(address)
      if (held <= 1) perAddress.delete(address)
      else perAddress.set(address, held - 1)
      total--
    },
    total: () => total,
  }
}
