// What one volunteer's duties (catching up, leading, taking part, evaluating) share: its options, the verified
// state it holds, its reported result awaiting a commit, and the few effects they all use. createVolunteer owns
// it; each duty reads and updates it from `tick`, on every change of the doc or the links.

import type { VolunteerEvent, VolunteerOptions, VolunteerStatus } from './createVolunteer.ts'
import type { Timings } from './records.ts'
import type { TrainingState } from './VolunteerPorts.ts'
import type { Hex } from '../types/Hex.ts'

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

export type VolunteerContext = {
  readonly options: VolunteerOptions
  /** The verified version this peer holds. */
  held: Held | undefined
  pending: Pending | undefined
  /** A state transfer is running: this peer takes part in nothing until it ends. */
  syncing: boolean
  hold(next: Held): void
  /** Active, and not yet at the version where it was told to stop. */
  wantsToTrain(): boolean
  active(): boolean
  setStatus(status: VolunteerStatus): void
  emit(event: VolunteerEvent): void
  /** Reports an error as an event; the volunteer carries on. */
  fail(error: unknown): void
  /** Runs `tick` once more, after the current one. */
  schedule(): void
  /** Runs `tick` in `ms`, or sooner if an earlier wake-up is pending (every tick re-arms what it still needs). */
  wakeAt(ms: number): void
}
