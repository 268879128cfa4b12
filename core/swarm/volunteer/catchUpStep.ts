// Brings this peer to the swarm's latest version: it adopts its own reported result when that is what the leader
// committed, and otherwise fetches the committed state from a linked peer that holds it. With no holder linked it
// waits for the links or the doc to change; after a failed transfer it waits `retryMs`.

import { ForeignGenesisError } from '../ForeignGenesisError.ts'
import { syncedPeers } from '../leaderView.ts'
import type { Timings, VersionRecord } from '../records.ts'
import type { TrainingState } from '../VolunteerPorts.ts'
import { onAdopted } from './evaluationStep.ts'
import type { VolunteerView } from './VolunteerInput.ts'
import type { Held } from './VolunteerState.ts'
import { act, emit, next, reportError, type Step, withStatus } from './Step.ts'

/** Pause after a failed state transfer before asking again: holders that failed once are likely gone or busy. */
export const syncRetryMs = 1000

export function catchUp(step: Step, latest: VersionRecord, view: VolunteerView): Step {
  const { held, pending, syncing } = step.state
  if (!held || (held.version === latest.version && held.hash === latest.hash)) return step
  if (held.version === 0 && latest.version === 0) {
    if (step.state.foreignGenesis === latest.hash) return step
    step = next(step, { foreignGenesis: latest.hash })
    return reportError(step, new ForeignGenesisError(latest.hash, held.hash))
  }
  if (
    pending &&
    pending.round + 1 === latest.version &&
    pending.attempt === latest.attempt &&
    pending.hash === latest.hash
  ) {
    const held = { version: latest.version, state: pending.state, hash: pending.hash, reported: true }
    step = adopt(step, latest, held, pending.timings)
    return onAdopted(step, latest)
  }
  if (held.version > latest.version || syncing) return step
  if (view.now < step.state.syncRetryAt) return act(step, { type: 'wake', at: step.state.syncRetryAt })
  const holders = syncedPeers(view.doc, latest, view.linked)
  if (holders.length === 0) return withStatus(step, 'syncing')
  step = next(step, { syncing: { version: latest.version } }, { type: 'fetchState', version: latest, holders })
  return withStatus(step, 'syncing')
}

export function onStateFetched(step: Step, version: VersionRecord, state: TrainingState): Step {
  step = next(step, { syncing: undefined })
  // Held versions only go forward: a transfer that ends after this peer moved past it brings nothing.
  if (step.state.held && step.state.held.version >= version.version) return step
  step = act(step, { type: 'resetErrorFeedback' })
  return adopt(step, version, { version: version.version, state, hash: version.hash })
}

export function onFetchFailed(step: Step, error: unknown, now: number): Step {
  return reportError(next(step, { syncing: undefined, syncRetryAt: now + syncRetryMs }), error)
}

/** `timings` of this member's own result, when it adopts that. */
function adopt(step: Step, version: VersionRecord, held: Held, timings?: Timings): Step {
  step = next(step, { held, pending: undefined }, { type: 'hold', held })
  return emit(step, {
    type: 'version',
    version: version.version,
    hash: version.hash,
    loss: version.loss,
    members: version.contributors.length,
    timings,
    contributed: timings !== undefined,
  })
}
