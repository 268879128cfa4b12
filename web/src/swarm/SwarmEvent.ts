// What a volunteer session reports, and what headless automation reads: plain types only, so Node-side
// tools (npm run nodes, e2e tests) can import them without pulling in the browser code. The attack types are
// imported as types only: the app ships no attack code, the test tools inject it (nodes/adversaryInitScript.ts).

import type { AdversaryReducer, Attack } from '../../../core/adversary/createAdversaryReducer.ts'
import type { SerializedError } from '../../../core/errors/BaseError.ts'
import type { VolunteerEvent } from '../../../core/swarm/createVolunteer.ts'
import type { Reducer } from '../../../core/swarm/VolunteerPorts.ts'
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

/** What the swarm's doc says about everyone, as one replica reads it (`npm run nodes`' final line). */
export type SwarmLedger = {
  /** Peers whose ban is in force. */
  banned: string[]
  /**
   * Per peer, the units of the newest receipt a manifest validator signed for the payee it declared
   * (core/rewards/receiptedUnitsByPeer.ts); empty when the swarm pays nothing.
   */
  unitsByPeer: Record<string, number>
}

/**
 * The extension point test tools use to make a volunteer hostile: a page that finds
 * `window.starlingReducerWrapper` when it joins hands it the honest reducer and trains with what it returns.
 */
export type ReducerWrapper = (honest: Reducer) => AdversaryReducer

/**
 * `window.starling`: reads state, asks for an evaluation, sets where to stop; it cannot start training without the
 * consent click.
 */
export type StarlingAutomation = {
  snapshot(): StarlingSnapshot
  evaluate(): Promise<{ version: number; accuracy: number; loss: number }>
  setStopAt(version: number | undefined): void
  /** The bans in force and the receipted units this session's replica of the doc holds; fails before joining. */
  ledger(): Promise<SwarmLedger>
  /**
   * Test hook, inert until called: lets this member's next first-step all-reduce frame leave, then holds every later
   * all-reduce frame, and resolves with that attempt once it is frozen mid all-reduce (web/src/net/freezeTransport.ts).
   */
  freezeAllReduce(): Promise<{ round: number; attempt: number; self: string }>
  /**
   * Test hook, inert until called: this member turns hostile from its next gradient on (`mismatch`: sends other
   * bytes than it committed to; `zeros`, `scale`, `noise`, `signflip`: commit to and send a wrong gradient,
   * core/adversary/createAdversaryReducer.ts); undefined: honest again. Throws AttackUnavailableError unless a test
   * tool registered `window.starlingReducerWrapper` before the page loaded.
   */
  setAttack(attack: Attack | undefined): void
}

declare global {
  interface Window {
    starling?: StarlingAutomation
    starlingReport?: (event: JoinEvent) => void
    starlingReducerWrapper?: ReducerWrapper
  }
}
