// What a volunteer needs from the world, as small interfaces: the browser plugs in a Web Worker, WebRTC
// links and y-webrtc; the Node simulation plugs in plain functions, an in-memory network and local docs.

import type { OptimizerState } from '../optimizer/OptimizerState.ts'
import type { VersionRecord } from './records.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

/** Parameters and optimizer state: everything that must be bit-identical across members. */
export type TrainingState = { params: Float32Array; optimizer: OptimizerState }

export type Trainer = {
  /** The deterministic version 0 every peer computes for itself. */
  initial(): TrainingState
  /** A new state after one optimizer step with the members' mean gradient; `state` is left untouched. */
  apply(state: TrainingState, meanGradient: Float32Array): TrainingState
  /** sha256 of the serialized state, as 0x-hex. */
  hash(state: TrainingState): Promise<`0x${string}`>
  /** Training sample indices of the member in `slot` for a round starting at `offset`. */
  shard(offset: number, slot: number): Uint32Array
}

export type Compute = {
  gradient(params: Float32Array, samples: Uint32Array): Promise<{ gradient: Float32Array; loss: number; ms: number }>
  evaluate(params: Float32Array): Promise<{ accuracy: number; loss: number; samples: number }>
}

export type ReduceSession = { round: number; attempt: number; members: readonly PeerId[] }

/** An attempt as the reducer runs it: with every member's commitments when the aggregator checks them. */
export type ReduceAttempt = ReduceSession & { commitments?: ReadonlyMap<PeerId, readonly Hex[]> }

export type Reducer = {
  /**
   * Sum of every member's `input` (left untouched), identical on all members, or a typed error naming the peer at
   * fault.
   */
  allReduce(input: Float32Array, attempt: ReduceAttempt): Promise<Float32Array>
  /**
   * The bytes of each chunk (one per member, member order) this member will send for `input` in an attempt with
   * these members, for an aggregator that checks commitments: the volunteer signs their sha256 as its commitments
   * and keeps them for an audit to reveal; the same input is then passed to allReduce.
   */
  contributionOf(input: Float32Array, members: readonly PeerId[]): Uint8Array[]
  /** Ends a running session early on this member (the round it belongs to was superseded). */
  abort(session: ReduceSession, reason: string): void
  /**
   * Forgets what lossy encoding still owes from this member's earlier contributions (error feedback): after it
   * loads parameters from elsewhere, its residuals belong to a state it no longer holds.
   */
  resetErrorFeedback(): void
}

export type Links = {
  /** Peers with an open data link to this one. */
  peers(): ReadonlySet<PeerId>
  subscribe(listener: () => void): () => void
}

/** Fetches a committed version's state from peers that hold it, verified against `version.hash`. */
export type StateSource = (version: VersionRecord, holders: readonly PeerId[]) => Promise<TrainingState>
