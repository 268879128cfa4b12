// Everything one volunteer remembers between the things it sees: the verified version it holds, the attempt it
// runs, its result awaiting a commit, a state transfer in flight, and what it already published or relayed.
// stepVolunteer.ts is the only writer; the runner (createVolunteer.ts) keeps the current value and nothing else.

import type { PresenceRecord, Timings } from '../records.ts'
import type { KeptState } from '../verifyResume.ts'
import type { ReduceSession, TrainingState } from '../VolunteerPorts.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type VolunteerStatus =
  | 'starting'
  | 'waiting'
  | 'computing'
  | 'reducing'
  | 'applying'
  | 'syncing'
  | 'paused'
  | 'done'
  /** A ban of this peer is in force (authority/bansInForce.ts): it stopped for good under this key. */
  | 'banned'

/** What does not change while a volunteer runs. */
export type VolunteerConfig = {
  self: PeerId
  backend: string
  batchSize: number
  evalEvery: number
  /** The swarm's last version (manifest rounds). */
  lastVersion: number
  /** The leader opens the first round only when this many peers are ready. */
  minMembers: number
  /**
   * Members sign commitments to their contributions before the all-reduce and pass every member's to it (the
   * robust aggregator checks each chunk against them).
   */
  commitments: boolean
  /** Wait this long for the doc to sync before writing version 0. */
  settleMs: number
}

/** A verified version; `reported` when it is this member's own result, so its report in the doc says it holds it. */
export type Held = { version: number; state: TrainingState; hash: Hex; reported?: boolean }

/** This member's result of an attempt: reported in the doc, adopted when the leader commits that hash. */
export type Pending = {
  round: number
  attempt: number
  state: TrainingState
  hash: Hex
  loss: number
  timings: Timings
}

/** The attempt this member runs, at one of its stages, with what each later stage needs. */
export type RunningAttempt = ReduceSession & {
  base: Held
  /** Which gradient this member computes: its batch and the parameters it is computed on. */
  gradientKey: string
  /** `committing`: waiting for its own commitments, then for every member's in the doc (config.commitments). */
  stage: 'computing' | 'committing' | 'reducing' | 'applying'
  /** When the current stage began, by this peer's clock. */
  stageStartedAt: number
  computed?: { loss: number; ms: number }
  /** This member's commitments for the attempt, once computed and written. */
  chunks?: readonly Hex[]
  allreduceMs?: number
}

/** A gradient kept across retries of a round while this member's batch stays the same. */
export type CachedGradient = { key: string; gradient: Float32Array; loss: number; ms: number }

export type VolunteerState = {
  readonly config: VolunteerConfig
  readonly startedAt: number
  readonly status: VolunteerStatus
  readonly active: boolean
  /** Training stops once this version is held. */
  readonly stopAt: number | undefined
  readonly stopped: boolean
  /** A state kept from an earlier session, still to be verified. */
  readonly resume: KeptState | undefined
  /** The first verified state is being prepared (resume check or version 0). */
  readonly loading: boolean
  readonly held: Held | undefined
  readonly pending: Pending | undefined
  readonly running: RunningAttempt | undefined
  /** The last attempt this member started: it never runs one twice, nor an older one. */
  readonly lastStarted: { round: number; attempt: number } | undefined
  /** The gradient being computed (the newest one asked for; earlier answers are stale). */
  readonly computing: string | undefined
  readonly gradient: CachedGradient | undefined
  /** A state transfer of this version is running: this peer takes part in nothing until it ends. */
  readonly syncing: { version: number } | undefined
  /** No new transfer before this time (the last one failed). */
  readonly syncRetryAt: number
  /** The foreign version-0 hash already reported, so it is reported once. */
  readonly foreignGenesis: Hex | undefined
  readonly published: Omit<PresenceRecord, 'at'> | undefined
  /** `round:attempt` of failures already passed on as events. */
  readonly relayedFailures: ReadonlySet<string>
  readonly relayedEvaluation: number
  /** When this peer first saw the current `version:attempt` (attempt -1: no round yet), by its own clock. */
  readonly attemptSeen: { key: string; at: number } | undefined
  /** When this peer, leading, first saw a failure of the current `round:attempt`, by its own clock. */
  readonly failureSeen: { key: string; at: number } | undefined
  /** Peers this leader caught lying (caughtLying.ts), left out of the rounds it opens below the version given. */
  readonly sittingOut: ReadonlyMap<PeerId, number>
}

export function initialVolunteerState(
  config: VolunteerConfig,
  startedAt: number,
  options: { stopAt?: number | undefined; resume?: KeptState | undefined } = {},
): VolunteerState {
  return {
    config,
    startedAt,
    status: 'starting',
    active: true,
    stopAt: options.stopAt,
    stopped: false,
    resume: options.resume,
    loading: false,
    held: undefined,
    pending: undefined,
    running: undefined,
    lastStarted: undefined,
    computing: undefined,
    gradient: undefined,
    syncing: undefined,
    syncRetryAt: Number.NEGATIVE_INFINITY,
    foreignGenesis: undefined,
    published: undefined,
    relayedFailures: new Set(),
    relayedEvaluation: -1,
    attemptSeen: undefined,
    failureSeen: undefined,
    sittingOut: new Map(),
  }
}

/** Active, and not yet at the version where it was told to stop. */
export const wantsToTrain = (state: VolunteerState) =>
  state.active && (state.stopAt === undefined || (state.held?.version ?? 0) < state.stopAt)
