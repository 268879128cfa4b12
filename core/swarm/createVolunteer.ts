import { serializeError, type SerializedError } from '../errors/BaseError.ts'
import { createCatchUp } from './createCatchUp.ts'
import { createEvaluator } from './createEvaluator.ts'
import { createLeaderDuty } from './createLeaderDuty.ts'
import { createMemberDuty } from './createMemberDuty.ts'
import type { SwarmState } from './createSwarmState.ts'
import type { PresenceRecord, Timings, VersionRecord } from './records.ts'
import type { VolunteerContext } from './VolunteerContext.ts'
import { type KeptState, StaleResumeError, verifyResume } from './verifyResume.ts'
import type { Compute, Links, Reducer, StateSource, Trainer, TrainingState } from './VolunteerPorts.ts'
import type { Clock } from '../types/Clock.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

export type VolunteerStatus =
  'starting' | 'waiting' | 'computing' | 'reducing' | 'applying' | 'syncing' | 'paused' | 'done'

export type VolunteerEvent =
  | { type: 'status'; status: VolunteerStatus }
  | {
      type: 'version'
      version: number
      hash: Hex
      loss: number
      members: number
      timings: Timings | undefined
      contributed: boolean
    }
  | { type: 'evaluation'; version: number; accuracy: number; loss: number }
  | { type: 'failure'; round: number; attempt: number; culprit: PeerId | null; cause: string }
  | { type: 'error'; error: SerializedError }

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
  /** Wait this long for the doc to sync before writing version 0. */
  settleMs?: number
  onEvent?: (event: VolunteerEvent) => void
  /**
   * A state kept from an earlier session (a reloaded tab). It is used only if it hashes to `hash` and the doc
   * publishes that hash for its version; otherwise this peer starts from version 0 and catches up as usual.
   */
  resume?: KeptState
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
 * One swarm member: takes part in the rounds the leader writes, leads when it is the lowest synced peer,
 * resyncs when it falls behind, and reports every step in the doc. All decisions are re-derived from the
 * doc and the links on every change (`tick`), so a restart or a new leader continues where things stand.
 */
export function createVolunteer(options: VolunteerOptions): Volunteer {
  const { self, state, clock } = options
  const startedAt = clock.now()
  let status: VolunteerStatus = 'starting'
  let active = true
  let stopAt = options.stopAt
  let stopped = false
  let scheduled = false
  let wake: { handle: unknown; at: number } | undefined
  let initial: Promise<void> | undefined

  const context: VolunteerContext = {
    options,
    held: undefined,
    pending: undefined,
    syncing: false,
    hold(next) {
      context.held = next
      options.onHeld?.(next)
    },
    wantsToTrain: () => active && (stopAt === undefined || (context.held?.version ?? 0) < stopAt),
    active: () => active,
    setStatus(next) {
      if (next !== status) context.emit({ type: 'status', status: (status = next) })
    },
    emit: (event) => options.onEvent?.(event),
    fail: (error) => context.emit({ type: 'error', error: serializeError(error) }),
    schedule() {
      if (scheduled || stopped) return
      scheduled = true
      queueMicrotask(() => {
        scheduled = false
        if (!stopped) tick()
      })
    },
    wakeAt(ms) {
      const at = clock.now() + Math.max(0, ms)
      if (wake && wake.at <= at) return
      if (wake) clock.clearTimeout(wake.handle)
      wake = { at, handle: clock.setTimeout(() => ((wake = undefined), context.schedule()), at - clock.now()) }
    },
  }
  const evaluator = createEvaluator(context)
  const catchUp = createCatchUp(context, evaluator.onAdopted)
  const lead = createLeaderDuty(context)
  const member = createMemberDuty(context)
  const seenFailures = new Set<string>()

  function tick() {
    if (!context.held) {
      initial ??= adoptInitial().then(context.schedule, context.fail)
      return
    }
    const latest = state.latestVersion()
    if (!latest) return writeGenesis()
    catchUp(latest)
    publishPresence()
    relayFailures(latest)
    evaluator.relay()
    lead(latest)
    member.participate()
  }

  async function adoptInitial() {
    const resumed = options.resume && (await verifyResume(options.resume, state, options.trainer))
    if (resumed instanceof StaleResumeError) context.fail(resumed)
    else if (resumed) {
      context.hold(resumed)
      context.emit({
        type: 'version',
        version: resumed.version,
        hash: resumed.hash,
        loss: state.get('versions', String(resumed.version))!.loss,
        members: 0,
        timings: undefined,
        contributed: false,
      })
      return
    }
    const initialState = options.trainer.initial()
    context.hold({ version: 0, state: initialState, hash: await options.trainer.hash(initialState) })
  }

  function writeGenesis() {
    const settle = options.settleMs ?? 1000
    const waited = clock.now() - startedAt
    if (waited < settle) return context.wakeAt(settle - waited)
    if ([...options.links.peers()].some((peer) => peer < self)) return context.wakeAt(settle)
    state.put('versions', {
      version: 0,
      hash: context.held!.hash,
      round: -1,
      attempt: 0,
      contributors: [],
      batchSize: options.batchSize,
      nextOffset: 0,
      loss: 0,
      signer: self,
      at: clock.now(),
    })
  }

  let published: Omit<PresenceRecord, 'at'> | undefined
  function publishPresence() {
    const { held, syncing } = context
    const record = {
      peer: self,
      version: syncing ? -1 : held!.version,
      hash: syncing ? null : held!.hash,
      active: context.wantsToTrain(),
      backend: options.backend,
    }
    const last = published
    if (
      last &&
      last.version === record.version &&
      last.hash === record.hash &&
      last.active === record.active &&
      last.backend === record.backend
    )
      return
    // A member that adopted its own committed result is known to hold it by its report (syncedPeers): re-signing
    // presence for that alone would cost every peer one more signature recovery per member and round.
    if (
      held!.reported &&
      !syncing &&
      last &&
      last.version >= 0 &&
      last.active === record.active &&
      last.backend === record.backend
    )
      return
    published = record
    state.put('presence', { ...record, at: clock.now() })
  }

  function relayFailures(latest: VersionRecord) {
    for (const f of state.values('failures')) {
      // Every survivor records the failure, naming the same culprit and cause (the engine fails all members
      // alike): one event per failed attempt, not one per reporter.
      const key = `${f.round}:${f.attempt}`
      if (f.round < latest.version || seenFailures.has(key)) continue
      seenFailures.add(key)
      context.emit({ type: 'failure', round: f.round, attempt: f.attempt, culprit: f.culprit, cause: f.cause })
    }
  }

  const unsubscribe = [state.observe(context.schedule), options.links.subscribe(context.schedule)]
  context.schedule()

  return {
    get status() {
      return status
    },
    get held() {
      return context.held && { version: context.held.version, hash: context.held.hash }
    },
    setActive(next) {
      active = next
      context.schedule()
    },
    setStopAt(version) {
      stopAt = version
      context.schedule()
    },
    evaluate: async () => {
      if (!context.held) throw new Error('this peer holds no version yet')
      const { version, accuracy, loss } = await evaluator.evaluateHeld()
      context.emit({ type: 'evaluation', version, accuracy, loss })
      return { version, accuracy, loss }
    },
    stop() {
      stopped = true
      for (const off of unsubscribe) off()
      if (wake) clock.clearTimeout(wake.handle)
      member.stop('the volunteer stopped')
    },
  }
}
