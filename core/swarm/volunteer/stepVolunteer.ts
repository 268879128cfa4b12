// One volunteer as a pure function, in the manner of planRound: from its state, one input and its view of the doc
// and links to its next state and the actions its runner carries out (createVolunteer.ts). After the input's own
// transition it re-derives everything from the view (catch up, presence, relays, lead, take part), so a missed
// change, a restart or a new leader continues from where things stand. Nothing here reads a clock or a port.

import { type KeptState, StaleResumeError } from '../verifyResume.ts'
import { catchUp, onFetchFailed, onStateFetched } from './catchUpStep.ts'
import { onEvaluated, relayEvaluations } from './evaluationStep.ts'
import { relayFailures } from './failureRelayStep.ts'
import { lead, noteAttemptSeen } from './leaderStep.ts'
import {
  abortAttempt,
  onAttemptFailed,
  onCommitted,
  onGradientComputed,
  onGradientFailed,
  onReduced,
  onStepApplied,
  participate,
} from './memberStep.ts'
import { publishPresence } from './presenceStep.ts'
import type { VolunteerInput, VolunteerView } from './VolunteerInput.ts'
import type { VolunteerState } from './VolunteerState.ts'
import { act, emit, next, nothing, reportError, type Step, withStatus, write } from './Step.ts'

export type { Step } from './Step.ts'

export function stepVolunteer(state: VolunteerState, input: VolunteerInput, view: VolunteerView): Step {
  if (state.stopped) return nothing(state)
  const step = transition(nothing(state), input, view)
  if (step.state.stopped) return step
  // Nothing this key does counts any more (its rounds are refused, its units forfeited): it stops where it is.
  if (view.doc.bannedFrom(state.config.self) !== undefined)
    return withStatus(next(abortAttempt(step, 'this peer is banned'), { stopped: true }), 'banned')
  return reconcile(step, view)
}

function transition(step: Step, input: VolunteerInput, view: VolunteerView): Step {
  const { now } = view
  switch (input.type) {
    case 'changed':
      return step
    case 'setActive':
      return next(step, { active: input.active })
    case 'setStopAt':
      return next(step, { stopAt: input.version })
    case 'stop':
      return next(abortAttempt(step, 'the volunteer stopped'), { stopped: true })
    case 'resumeChecked':
      return onResumeChecked(step, input.result, view)
    case 'genesisComputed':
      return next(step, { held: input.held, loading: false }, { type: 'hold', held: input.held })
    case 'initialFailed':
      // Nothing to train on: the error says why, and the volunteer stays where it is.
      return reportError(step, input.error)
    case 'gradientComputed':
      return onGradientComputed(step, input, now)
    case 'gradientFailed':
      return onGradientFailed(step, input.key, input.error, now)
    case 'committed':
      return onCommitted(step, input.session, input.chunks, view)
    case 'reduced':
      return onReduced(step, input.session, input.sum, now)
    case 'stepApplied':
      return onStepApplied(step, input, now)
    case 'attemptFailed':
      return onAttemptFailed(step, input.session, input.error, now)
    case 'stateFetched':
      return onStateFetched(step, input.version, input.state)
    case 'fetchFailed':
      return onFetchFailed(step, input.error, now)
    case 'evaluated':
      return onEvaluated(step, input, now)
    case 'evaluationFailed':
      return reportError(step, input.error)
  }
}

/** A kept state is used only once verified (verifyResume.ts); otherwise this peer starts from version 0. */
function onResumeChecked(step: Step, result: KeptState | StaleResumeError | undefined, view: VolunteerView): Step {
  step = next(step, { resume: undefined })
  if (result === undefined || result instanceof StaleResumeError) {
    if (result) step = reportError(step, result)
    return act(step, { type: 'computeGenesis' })
  }
  const held = { version: result.version, state: result.state, hash: result.hash }
  step = next(step, { held, loading: false }, { type: 'hold', held })
  return emit(step, {
    type: 'version',
    version: held.version,
    hash: held.hash,
    loss: view.doc.get('versions', String(held.version))?.loss ?? 0,
    members: 0,
    timings: undefined,
    contributed: false,
  })
}

function reconcile(step: Step, view: VolunteerView): Step {
  if (!step.state.held) {
    if (step.state.loading) return step
    const { resume } = step.state
    return next(step, { loading: true }, resume ? { type: 'verifyResume', kept: resume } : { type: 'computeGenesis' })
  }
  const latest = view.doc.latestVersion()
  if (!latest) return writeGenesis(step, view)
  step = catchUp(step, latest, view)
  step = publishPresence(step, view)
  step = relayFailures(step, latest, view)
  step = relayEvaluations(step, view)
  step = noteAttemptSeen(step, latest, view)
  step = lead(step, latest, view)
  return participate(step, view)
}

/**
 * The first peer writes version 0 once the doc had time to sync (a swarm that already runs has one) and no lower
 * linked peer would write it instead.
 */
function writeGenesis(step: Step, view: VolunteerView): Step {
  const { config, startedAt, held } = step.state
  const settled = startedAt + config.settleMs
  if (view.now < settled) return act(step, { type: 'wake', at: settled })
  if ([...view.linked].some((peer) => peer < config.self))
    return act(step, { type: 'wake', at: view.now + config.settleMs })
  return write(step, {
    map: 'versions',
    record: {
      version: 0,
      hash: held!.hash,
      round: -1,
      attempt: 0,
      contributors: [],
      batchSize: config.batchSize,
      nextOffset: 0,
      evidence: [],
      loss: 0,
      signer: config.self,
      at: view.now,
    },
  })
}
