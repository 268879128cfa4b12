// What a volunteer asks its runner to do. Each is one effect on a port (createVolunteer.ts carries them out);
// the asynchronous ones come back as a VolunteerInput naming what they belong to.

import type { MapName, RecordMaps, VersionRecord } from '../records.ts'
import type { KeptState } from '../verifyResume.ts'
import type { ReduceSession, TrainingState } from '../VolunteerPorts.ts'
import type { VolunteerEvent } from './VolunteerEvent.ts'
import type { Held } from './VolunteerState.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type RecordPut = { [K in MapName]: { map: K; record: RecordMaps[K] } }[MapName]

export type VolunteerAction =
  | { type: 'emit'; event: VolunteerEvent }
  /** The verified state this peer holds changed (state sync serves it). */
  | { type: 'hold'; held: Held }
  /** Signs and writes records, and deletes old ones, in one doc transaction. */
  | { type: 'write'; puts: readonly RecordPut[]; removes?: readonly { map: MapName; keys: readonly string[] }[] }
  /** Changed at `at` at the latest (sooner if another wake-up is earlier). */
  | { type: 'wake'; at: number }
  | { type: 'verifyResume'; kept: KeptState }
  | { type: 'computeGenesis' }
  | { type: 'computeGradient'; key: string; params: Float32Array; offset: number; slot: number }
  /** This member's commitments to `gradient` for the attempt (the reducer knows what it will send: codec, residual). */
  | { type: 'commit'; session: ReduceSession; gradient: Float32Array }
  /** `commitments`: every member's, by peer, when the aggregator checks them. */
  | {
      type: 'allReduce'
      session: ReduceSession
      gradient: Float32Array
      commitments?: ReadonlyMap<PeerId, readonly Hex[]>
    }
  /** Divides the sum by the member count and applies one optimizer step, then hashes the result. */
  | { type: 'applyStep'; session: ReduceSession; base: TrainingState; sum: Float32Array }
  /** Ends the attempt's all-reduce on this member: its ring hears why. */
  | { type: 'abort'; session: ReduceSession; reason: string }
  | { type: 'fetchState'; version: VersionRecord; holders: readonly PeerId[] }
  /** This member now holds a state it did not compute: what its error feedback carries no longer applies. */
  | { type: 'resetErrorFeedback' }
  | { type: 'evaluate'; version: number; params: Float32Array }
