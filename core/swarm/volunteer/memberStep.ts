// What a member does in the round the leader wrote: computes its batch's gradient (kept across retries while its
// batch stays the same), all-reduces, applies the optimizer step and reports the hash, or a failure naming the
// peer at fault. Each attempt runs at most once here: the all-reduce refuses an attempt it has seen, and a failed
// one is the leader's to retry.

import { attemptFailure } from '../attemptFailure.ts'
import { type RoundRecord, recordKey } from '../records.ts'
import type { ReduceSession, TrainingState } from '../VolunteerPorts.ts'
import type { VolunteerView } from './VolunteerInput.ts'
import { type RunningAttempt, wantsToTrain } from './VolunteerState.ts'
import { act, next, reportError, type Step, withStatus, write } from './Step.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

const attemptKey = (session: ReduceSession) => `${session.round}:${session.attempt}:${session.members.join(',')}`

/** Whether an outcome belongs to the attempt running now (two leaders may briefly write one attempt twice). */
export const isRunning = (running: RunningAttempt | undefined, session: ReduceSession): running is RunningAttempt =>
  running !== undefined && attemptKey(running) === attemptKey(session)

/** The all-reduce session of a running attempt. */
const sessionOf = ({ round, attempt, members }: RunningAttempt): ReduceSession => ({ round, attempt, members })

/** The one way an attempt ends early: its all-reduce is told why, and its later outcomes are ignored. */
export function abortAttempt(step: Step, reason: string): Step {
  const { running } = step.state
  if (!running) return step
  const session = sessionOf(running)
  return next(step, { running: undefined }, { type: 'abort', session, reason })
}

/** Joins, keeps or leaves the round the doc names for this peer, after the doc or the links changed. */
export function participate(step: Step, view: VolunteerView): Step {
  const { self } = step.state.config
  const held = step.state.held!
  const latest = view.doc.latestVersion()
  const current = latest !== undefined && held.version === latest.version && held.hash === latest.hash
  const round = current ? view.doc.get('rounds', String(latest.version)) : undefined
  const mine = round && round.members.includes(self) && !step.state.syncing ? round : undefined
  const { running } = step.state
  if (running && (!mine || !isRunning(running, mine))) step = abortAttempt(step, 'the round was superseded')
  // Behind the latest version, a pending result is catchUp's to adopt.
  if (!current) return step
  const { pending, active } = step.state
  if (pending && (!mine || pending.round !== mine.round || pending.attempt !== mine.attempt))
    step = next(step, { pending: undefined })
  if (!mine) return withStatus(step, !active ? 'paused' : wantsToTrain(step.state) ? 'waiting' : 'done')
  if (step.state.running) return reduceWhenCommitted(step, view)
  // Done training: a first attempt is not joined, and a result already reported waits for a commit that a
  // stopped member's leader may never write (it no longer leads): either way there is nothing left to do here.
  if (!wantsToTrain(step.state) && (mine.attempt === 0 || step.state.pending))
    return withStatus(step, active ? 'done' : 'paused')
  if (step.state.pending || startedBefore(step, mine)) return step
  return start(step, mine, view.now)
}

function startedBefore({ state: { lastStarted } }: Step, round: RoundRecord) {
  return (
    lastStarted !== undefined &&
    (round.round < lastStarted.round || (round.round === lastStarted.round && round.attempt <= lastStarted.attempt))
  )
}

function start(step: Step, round: RoundRecord, now: number): Step {
  const base = step.state.held!
  const slot = round.members.indexOf(step.state.config.self)
  const gradientKey = `${round.round}:${round.offset}:${slot}`
  const running: RunningAttempt = {
    round: round.round,
    attempt: round.attempt,
    members: round.members,
    base,
    gradientKey,
    stage: 'computing',
    stageStartedAt: now,
  }
  step = next(step, { running, lastStarted: { round: round.round, attempt: round.attempt } })
  if (step.state.gradient?.key === gradientKey) return afterGradient(step, now)
  step = withStatus(step, 'computing')
  // The same batch may still be computing for an attempt that was superseded: its answer serves this one.
  if (step.state.computing === gradientKey) return step
  return next(
    step,
    { computing: gradientKey },
    { type: 'computeGradient', key: gradientKey, params: base.state.params, offset: round.offset, slot },
  )
}

/** With the gradient at hand: commit to it first when the aggregator checks commitments, else reduce. */
function afterGradient(step: Step, now: number): Step {
  const running = step.state.running!
  const gradient = step.state.gradient!
  step = next(step, { running: { ...running, computed: { loss: gradient.loss, ms: gradient.ms } } })
  if (!step.state.config.commitments) return startReduce(step, now, undefined)
  const session = sessionOf(running)
  step = next(step, { running: { ...step.state.running!, stage: 'committing', stageStartedAt: now } })
  return act(withStatus(step, 'reducing'), { type: 'commit', session, gradient: gradient.gradient })
}

function startReduce(step: Step, now: number, commitments: ReadonlyMap<PeerId, readonly Hex[]> | undefined): Step {
  const running = step.state.running!
  const gradient = step.state.gradient!
  const session = sessionOf(running)
  step = next(step, { running: { ...running, stage: 'reducing', stageStartedAt: now } })
  return act(withStatus(step, 'reducing'), {
    type: 'allReduce',
    session,
    gradient: gradient.gradient,
    ...(commitments && { commitments }),
  })
}

/** This member's own commitments are computed: signs them into the doc, then waits for every member's. */
export function onCommitted(step: Step, session: ReduceSession, chunks: readonly Hex[], view: VolunteerView): Step {
  const { running } = step.state
  if (!isRunning(running, session) || running.stage !== 'committing' || running.chunks) return step
  step = next(step, { running: { ...running, chunks } })
  step = write(step, {
    map: 'commitments',
    record: {
      round: session.round,
      attempt: session.attempt,
      peer: step.state.config.self,
      chunks: [...chunks],
      at: view.now,
    },
  })
  return reduceWhenCommitted(step, view)
}

/**
 * Starts the robust all-reduce once the doc holds every member's commitments for the attempt (its own is the one
 * it wrote). A member that never commits keeps the others waiting only until the leader's round timeout, which
 * retries without the members that did not commit (planRound).
 */
export function reduceWhenCommitted(step: Step, view: VolunteerView): Step {
  const { running } = step.state
  if (running?.stage !== 'committing' || !running.chunks) return step
  const self = step.state.config.self
  const commitments = new Map<PeerId, readonly Hex[]>([[self, running.chunks]])
  for (const peer of running.members) {
    if (peer === self) continue
    const record = view.doc.get(
      'commitments',
      recordKey.commitments({ round: running.round, attempt: running.attempt, peer }),
    )
    if (!record) return step
    commitments.set(peer, record.chunks)
  }
  return startReduce(step, view.now, commitments)
}

export function onGradientComputed(
  step: Step,
  input: { key: string; gradient: Float32Array; loss: number; ms: number },
  now: number,
): Step {
  if (input.key !== step.state.computing) return step
  const { key, gradient, loss, ms } = input
  step = next(step, { computing: undefined, gradient: { key, gradient, loss, ms } })
  const { running } = step.state
  return running?.stage === 'computing' && running.gradientKey === key ? afterGradient(step, now) : step
}

export function onGradientFailed(step: Step, key: string, error: unknown, now: number): Step {
  if (key !== step.state.computing) return step
  step = next(step, { computing: undefined })
  const { running } = step.state
  return running?.stage === 'computing' && running.gradientKey === key ? failAttempt(step, error, now) : step
}

export function onReduced(step: Step, session: ReduceSession, sum: Float32Array, now: number): Step {
  const { running } = step.state
  if (!isRunning(running, session) || running.stage !== 'reducing') return step
  step = next(step, {
    running: { ...running, stage: 'applying', stageStartedAt: now, allreduceMs: now - running.stageStartedAt },
  })
  return act(withStatus(step, 'applying'), { type: 'applyStep', session, base: running.base.state, sum })
}

export function onStepApplied(
  step: Step,
  input: { session: ReduceSession; state: TrainingState; hash: Hex },
  now: number,
): Step {
  const { running } = step.state
  if (!isRunning(running, input.session) || running.stage !== 'applying') return step
  const { loss, ms } = running.computed!
  const timings = { compute: ms, allreduce: running.allreduceMs!, optimizer: now - running.stageStartedAt }
  const pending = {
    round: running.round,
    attempt: running.attempt,
    state: input.state,
    hash: input.hash,
    loss,
    timings,
  }
  step = next(step, { running: undefined, pending })
  return write(step, {
    map: 'reports',
    record: {
      version: running.round + 1,
      attempt: running.attempt,
      peer: step.state.config.self,
      hash: input.hash,
      loss,
      samples: step.state.config.batchSize,
      timings,
      at: now,
    },
  })
}

export function onAttemptFailed(step: Step, session: ReduceSession, error: unknown, now: number): Step {
  return isRunning(step.state.running, session) ? failAttempt(step, error, now) : step
}

function failAttempt(step: Step, error: unknown, now: number): Step {
  const running = step.state.running!
  step = next(step, { running: undefined })
  step = write(step, {
    map: 'failures',
    record: {
      round: running.round,
      attempt: running.attempt,
      peer: step.state.config.self,
      ...attemptFailure(error),
      at: now,
    },
  })
  return reportError(step, error)
}
