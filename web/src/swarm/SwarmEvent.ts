// What a volunteer session reports, and what headless automation reads: plain types only, so Node-side
// tools (npm run nodes, e2e tests) can import them without pulling in the browser code.

import type { Attack } from '../../../core/adversary/createAdversaryReducer.ts'
import type { SerializedError } from '../../../core/errors/BaseError.ts'
import type { VolunteerEvent } from '../../../core/swarm/createVolunteer.ts'
import type { BackendFallback, BackendName } from '../../../worker/protocol.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'

export type SignalingStatus = 'connecting' | 'open' | 'closed'

export type JoinEvent =
  | VolunteerEvent
  | { type: 'backend'; backend: BackendName; fallbacks: BackendFallback[] }
  | { type: 'links'; peers: PeerId[] }
  | { type: 'link-down'; peer: PeerId; reason: string }
  | { type: 'signaling'; status: SignalingStatus }
  | { type: 'fatal'; error: SerializedError }
  /** The held state of this version is kept in this browser for a reload to resume from. */
  | { type: 'saved'; version: number }

export type StarlingSnapshot = {
  /** This session's peer id (its key's address), once it joined. */
  peer: string | undefined
  phase: string
  status: string
  backend: string | undefined
  fallbacks: { backend: string; reason: string }[]
  version: number
  hash: string | undefined
  loss: number | undefined
  accuracy: { version: number; value: number } | undefined
  members: number
  linked: number
  contributed: number
  error: string | undefined
}

/**
 * `window.starling`: reads state, asks for an evaluation, sets where to stop; it cannot start training without the
 * consent click.
 */
export type StarlingAutomation = {
  snapshot(): StarlingSnapshot
  evaluate(): Promise<{ version: number; accuracy: number; loss: number }>
  setStopAt(version: number | undefined): void
  /**
   * Test hook, inert until called: lets this member's next first-step all-reduce frame leave, then holds every later
   * all-reduce frame, and resolves with that attempt once it is frozen mid all-reduce (web/src/net/freezeTransport.ts).
   */
  freezeAllReduce(): Promise<{ round: number; attempt: number; self: string }>
  /**
   * Test hook, inert until called: this member turns hostile from its next gradient on (`mismatch`: sends other
   * bytes than it committed to; `zeros`, `scale`, `noise`, `signflip`: commit to and send a wrong gradient,
   * core/adversary/createAdversaryReducer.ts); undefined: honest again.
   */
  setAttack(attack: Attack | undefined): void
}

declare global {
  interface Window {
    starling?: StarlingAutomation
    starlingReport?: (event: JoinEvent) => void
  }
}
