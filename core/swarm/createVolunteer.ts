// The runner around stepVolunteer: it feeds the pure volunteer what it sees (doc and link changes, wake-ups,
// commands, outcomes of its own actions), one input at a time, and carries out the actions it returns on the
// ports. It decides nothing itself.

import { serializeError } from '../errors/BaseError.ts'
import type { SwarmState } from './createSwarmState.ts'
import type { KeptState } from './verifyResume.ts'
import { verifyResume } from './verifyResume.ts'
import type { VolunteerAction } from './volunteer/VolunteerAction.ts'
import type { VolunteerEvent } from './volunteer/VolunteerEvent.ts'
import type { VolunteerInput } from './volunteer/VolunteerInput.ts'
import { initialVolunteerState, type VolunteerStatus } from './volunteer/VolunteerState.ts'
import { stepVolunteer } from './volunteer/stepVolunteer.ts'
import { commitmentOf } from '../allreduce/robust/chunkBytes.ts'
import type { Compute, Links, Reducer, ReduceSession, StateSource, Trainer, TrainingState } from './VolunteerPorts.ts'
import type { Clock } from '../types/Clock.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export type { VolunteerEvent } from './volunteer/VolunteerEvent.ts'
export type { VolunteerStatus } from './volunteer/VolunteerState.ts'

export type VolunteerOptions = {
  self: PeerId
  state: SwarmState
  trainer: Trainer
  compute: Compute
  reducer: Reducer
  links: Links
  fetchState: StateSource
  clock: Clock
  backend: string
  batchSize: number
  evalEvery: number
  /** The swarm's last version (manifest rounds). */
  lastVersion: number
  /** This peer stops training once it holds this version. */
  stopAt?: number
  /** The leader opens a round only when this many peers are ready. */
  minMembers?: number
  /** Commit to each contribution in the doc before the all-reduce (the robust aggregator checks them). */
  commitments?: boolean
  /** Wait this long for the doc to sync before writing version 0. */
  settleMs?: number
  onEvent?: (event: VolunteerEvent) => void
  /**
   * A state kept from an earlier session (a reloaded tab). It is used only if it hashes to `hash` and the doc
   * publishes that hash for its version; otherwise this peer starts from version 0 and catches up as usual.
   */
  resume?: KeptState
  /**
   * Told the bytes of each chunk this member committed to for an attempt (only with `commitments`), before it sends
   * them: an audit may later ask for them (core/audit/), so the page keeps the recent ones.
   */
  onCommitted?: (session: ReduceSession, contribution: readonly Uint8Array[]) => void
  /** Told whenever the verified state this peer holds changes: state sync serves it to others (call its `offer`). */
  onHeld?: (held: { version: number; hash: Hex; state: TrainingState }) => void
}

export type Volunteer = {
  readonly status: VolunteerStatus
  /** The verified version this peer holds. */
  readonly held: { version: number; hash: Hex } | undefined
  setActive(active: boolean): void
  /** Stop training once this version is held (headless nodes agree on one, so they end on the same hash). */
  setStopAt(version: number | undefined): void
  /** Evaluates the held parameters on the held-out split. */
  evaluate(): Promise<{ version: number; accuracy: number; loss: number }>
  stop(): void
}

/**
 * One swarm member: takes part in the rounds the leader writes, leads when it is the lowest synced peer, resyncs
 * when it falls behind, and reports every step in the doc (the rules: volunteer/stepVolunteer.ts).
 */
export function createVolunteer(options: VolunteerOptions): Volunteer {
  const { state: doc, clock, trainer, compute, reducer } = options
  let state = initialVolunteerState(
    {
      self: options.self,
      backend: options.backend,
      batchSize: options.batchSize,
      evalEvery: options.evalEvery,
      lastVersion: options.lastVersion,
      minMembers: options.minMembers ?? 1,
      commitments: options.commitments ?? false,
      settleMs: options.settleMs ?? 1000,
    },
    clock.now(),
    { stopAt: options.stopAt, resume: options.resume },
  )
  const queue: VolunteerInput[] = []
  let draining = false
  let changeQueued = false
  let wake: { handle: unknown; at: number } | undefined

  /** Steps through every queued input; inputs that arrive meanwhile (an action's own effects) join the queue. */
  function dispatch(input: VolunteerInput) {
    queue.push(input)
    if (draining) return
    draining = true
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const step = stepVolunteer(state, next, { doc, linked: options.links.peers(), now: clock.now() })
        state = step.state
        for (const action of step.actions) perform(action)
      }
    } finally {
      draining = false
    }
  }

  /** Doc and link changes come in bursts: one step sees them all. */
  function changed() {
    if (changeQueued || state.stopped) return
    changeQueued = true
    queueMicrotask(() => {
      changeQueued = false
      dispatch({ type: 'changed' })
    })
  }

  const emit = (event: VolunteerEvent) => options.onEvent?.(event)
  /** Runs `work` and feeds its outcome back; an outcome for a superseded attempt is the step's to ignore. */
  function settle<T>(
    work: () => Promise<T>,
    done: (value: T) => VolunteerInput,
    failed: (e: unknown) => VolunteerInput,
  ) {
    work().then(
      (value) => dispatch(done(value)),
      (error: unknown) => dispatch(failed(error)),
    )
  }

  function perform(action: VolunteerAction) {
    try {
      carryOut(action)
    } catch (error) {
      emit({ type: 'error', error: serializeError(error) })
    }
  }

  function carryOut(action: VolunteerAction) {
    switch (action.type) {
      case 'emit':
        return emit(action.event)
      case 'hold':
        return options.onHeld?.(action.held)
      case 'write':
        return doc.doc.transact(() => {
          for (const put of action.puts) doc.put(put.map, put.record as never)
          for (const { map, keys } of action.removes ?? []) doc.remove(map, keys)
        })
      case 'wake': {
        if (wake && wake.at <= action.at) return
        if (wake) clock.clearTimeout(wake.handle)
        const handle = clock.setTimeout(() => ((wake = undefined), changed()), Math.max(0, action.at - clock.now()))
        wake = { at: action.at, handle }
        return
      }
      case 'verifyResume':
        return settle(
          () => verifyResume(action.kept, doc, trainer),
          (result) => ({ type: 'resumeChecked', result }),
          (error) => ({ type: 'initialFailed', error }),
        )
      case 'computeGenesis':
        return settle(
          async () => {
            const initial = trainer.initial()
            return { version: 0, state: initial, hash: await trainer.hash(initial) }
          },
          (held) => ({ type: 'genesisComputed', held }),
          (error) => ({ type: 'initialFailed', error }),
        )
      case 'computeGradient':
        return settle(
          () => compute.gradient(action.params, trainer.shard(action.offset, action.slot)),
          (result) => ({ type: 'gradientComputed', key: action.key, ...result }),
          (error) => ({ type: 'gradientFailed', key: action.key, error }),
        )
      case 'commit':
        return settle(
          async () => {
            const contribution = reducer.contributionOf(action.gradient, action.session.members)
            options.onCommitted?.(action.session, contribution)
            return contribution.map(commitmentOf)
          },
          (chunks) => ({ type: 'committed', session: action.session, chunks }),
          (error) => ({ type: 'attemptFailed', session: action.session, error }),
        )
      case 'allReduce':
        return settle(
          () =>
            reducer.allReduce(action.gradient, {
              ...action.session,
              ...(action.commitments && { commitments: action.commitments }),
            }),
          (sum) => ({ type: 'reduced', session: action.session, sum }),
          (error) => ({ type: 'attemptFailed', session: action.session, error }),
        )
      case 'applyStep':
        return settle(
          async () => {
            // The sum is this member's own copy (the all-reduce's output): it becomes the mean in place.
            const { sum, session } = action
            for (let i = 0; i < sum.length; i++) sum[i]! /= session.members.length
            const next = trainer.apply(action.base, sum)
            return { state: next, hash: await trainer.hash(next) }
          },
          (applied) => ({ type: 'stepApplied', session: action.session, ...applied }),
          (error) => ({ type: 'attemptFailed', session: action.session, error }),
        )
      case 'abort':
        return reducer.abort(action.session, action.reason)
      case 'resetErrorFeedback':
        return reducer.resetErrorFeedback()
      case 'fetchState':
        return settle(
          () => options.fetchState(action.version, action.holders),
          (fetched) => ({ type: 'stateFetched', version: action.version, state: fetched }),
          (error) => ({ type: 'fetchFailed', version: action.version, error }),
        )
      case 'evaluate':
        return settle(
          () => compute.evaluate(action.params),
          (result) => ({ type: 'evaluated', version: action.version, ...result }),
          (error) => ({ type: 'evaluationFailed', error }),
        )
    }
  }

  const unsubscribe = [doc.observe(changed), options.links.subscribe(changed)]
  changed()

  return {
    get status() {
      return state.status
    },
    get held() {
      return state.held && { version: state.held.version, hash: state.held.hash }
    },
    setActive: (active) => dispatch({ type: 'setActive', active }),
    setStopAt: (version) => dispatch({ type: 'setStopAt', version }),
    evaluate: async () => {
      const { held } = state
      if (!held) throw new Error('this peer holds no version yet')
      const result = await compute.evaluate(held.state.params)
      const evaluation = { version: held.version, accuracy: result.accuracy, loss: result.loss }
      emit({ type: 'evaluation', ...evaluation })
      return evaluation
    },
    stop() {
      dispatch({ type: 'stop' })
      for (const off of unsubscribe) off()
      if (wake) clock.clearTimeout(wake.handle)
    },
  }
}
