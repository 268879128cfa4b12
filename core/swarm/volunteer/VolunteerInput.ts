// What a volunteer sees: the doc and its links at the moment (the view), and one thing that happened (the input):
// a change, a command from the page, or the outcome of an action it asked for. Outcomes name the attempt, gradient
// or version they belong to, so one that arrives after its attempt was superseded is recognised and ignored.

import type { SwarmView } from '../createSwarmState.ts'
import type { VersionRecord } from '../records.ts'
import type { KeptState, StaleResumeError } from '../verifyResume.ts'
import type { ReduceSession, TrainingState } from '../VolunteerPorts.ts'
import type { Held } from './VolunteerState.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type VolunteerView = {
  doc: SwarmView
  /** Peers with an open data link to this one. */
  linked: ReadonlySet<PeerId>
  /** This peer's clock. */
  now: number
}

export type VolunteerInput =
  /** The doc, the links or the time changed. */
  | { type: 'changed' }
  | { type: 'setActive'; active: boolean }
  | { type: 'setStopAt'; version: number | undefined }
  | { type: 'stop' }
  | { type: 'resumeChecked'; result: KeptState | StaleResumeError | undefined }
  | { type: 'genesisComputed'; held: Held }
  | { type: 'initialFailed'; error: unknown }
  | { type: 'gradientComputed'; key: string; gradient: Float32Array; loss: number; ms: number }
  | { type: 'gradientFailed'; key: string; error: unknown }
  | { type: 'committed'; session: ReduceSession; chunks: readonly Hex[] }
  | { type: 'reduced'; session: ReduceSession; sum: Float32Array }
  | { type: 'stepApplied'; session: ReduceSession; state: TrainingState; hash: Held['hash'] }
  | { type: 'attemptFailed'; session: ReduceSession; error: unknown }
  | { type: 'stateFetched'; version: VersionRecord; state: TrainingState }
  | { type: 'fetchFailed'; version: VersionRecord; error: unknown }
  | { type: 'evaluated'; version: number; accuracy: number; loss: number; samples: number }
  | { type: 'evaluationFailed'; error: unknown }
