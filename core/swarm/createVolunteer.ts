import { serializeError, type SerializedError } from '../errors/BaseError.ts'
import type { SwarmState } from './createSwarmState.ts'
import { leaderOf, leaderView, syncedPeers } from './leaderView.ts'
import { planRound } from './planRound.ts'
import type { EvaluationRecord, Hex, PeerId, RoundRecord, Timings, VersionRecord } from './records.ts'
import { roundTimeout } from './roundTimeout.ts'
import type { Clock, Compute, Links, Reducer, StateSource, Trainer, TrainingState } from './VolunteerPorts.ts'

export type VolunteerStatus = 'starting' | 'waiting' | 'computing' | 'reducing' | 'applying' | 'syncing' | 'paused' | 'done'

export type VolunteerEvent =
  | { type: 'status'; status: VolunteerStatus }
  | { type: 'version'; version: number; hash: Hex; loss: number; members: number; timings: Timings | undefined; contributed: boolean }
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
  /** Told whenever the verified state this peer holds changes (state sync serves it to others). */
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

type Pending = { round: number; attempt: number; state: TrainingState; hash: Hex; loss: number; timings: Timings }
type Running = { round: number; attempt: number; members: readonly PeerId[]; superseded: boolean }
type Cached = { key: string; gradient: Float32Array; loss: number; ms: number }

/**
 * One swarm member: takes part in the rounds the leader writes, leads when it is the lowest synced peer,
 * resyncs when it falls behind, and reports every step in the doc. All decisions are re-derived from the
 * doc and the links on every change (`tick`), so a restart or a new leader continues where things stand.
 */
export function createVolunteer(options: VolunteerOptions): Volunteer {
  const { self, state, trainer, compute, reducer, links, clock } = options
  const emit = (event: VolunteerEvent) => options.onEvent?.(event)
  const startedAt = clock.now()
  let status: VolunteerStatus = 'starting'
  let held: { version: number; state: TrainingState; hash: Hex } | undefined
  let pending: Pending | undefined
  let running: Running | undefined
  let cached: Cached | undefined
  let syncing = false
  let active = true
  let stopped = false
  let scheduled = false
  let wake: unknown
  let initial: Promise<void> | undefined
  const seenFailures = new Set<string>()
  const firstSeen = new Map<string, number>()

  const setStatus = (next: VolunteerStatus) => {
    if (next !== status) emit({ type: 'status', status: (status = next) })
  }
  const fail = (error: unknown) => emit({ type: 'error', error: serializeError(error) })
  const schedule = () => {
    if (scheduled || stopped) return
    scheduled = true
    queueMicrotask(() => {
      scheduled = false
      if (!stopped) tick()
    })
  }
  const wakeAt = (ms: number) => {
    if (wake !== undefined) clock.clearTimeout(wake)
    wake = clock.setTimeout(() => ((wake = undefined), schedule()), Math.max(0, ms))
  }
  let stopAt = options.stopAt
  const wantsToTrain = () => active && (stopAt === undefined || (held?.version ?? 0) < stopAt)

  function tick() {
    if (!held) {
      initial ??= adoptInitial().then(schedule, fail)
      return
    }
    const latest = state.latestVersion()
    if (!latest) return writeGenesis()
    adoptOrSync(latest)
    publishPresence()
    reportFailures(latest)
    reportEvaluation()
    lead(latest)
    participate(latest)
  }

  const hold = (next: { version: number; state: TrainingState; hash: Hex }) => {
    held = next
    options.onHeld?.(next)
  }

  async function adoptInitial() {
    const initialState = trainer.initial()
    hold({ version: 0, state: initialState, hash: await trainer.hash(initialState) })
  }

  function writeGenesis() {
    const settle = options.settleMs ?? 1000
    const waited = clock.now() - startedAt
    if (waited < settle) return wakeAt(settle - waited)
    if ([...links.peers()].some((peer) => peer < self)) return wakeAt(settle)
    state.put('versions', { version: 0, hash: held!.hash, round: -1, attempt: 0, contributors: [], batchSize: options.batchSize, nextOffset: 0, loss: 0, at: clock.now() })
  }

  function adoptOrSync(latest: VersionRecord) {
    if (!held || held.version === latest.version && held.hash === latest.hash) return
    if (held.version === 0 && latest.version === 0) {
      fail(new Error(`version 0 of this swarm has hash ${latest.hash}, but this peer computed ${held.hash}: its code or manifest differs`))
      return
    }
    if (pending && pending.round + 1 === latest.version && pending.attempt === latest.attempt && pending.hash === latest.hash) {
      hold({ version: latest.version, state: pending.state, hash: pending.hash })
      emit({ type: 'version', version: latest.version, hash: latest.hash, loss: latest.loss, members: latest.contributors.length, timings: pending.timings, contributed: true })
      pending = undefined
      maybeEvaluate(latest)
      return
    }
    if (held.version > latest.version || syncing) return
    syncing = true
    setStatus('syncing')
    const holders = syncedPeers(state, latest).filter((peer) => peer !== self && links.peers().has(peer))
    options.fetchState(latest, holders).then(
      (fetched) => {
        hold({ version: latest.version, state: fetched, hash: latest.hash })
        pending = undefined
        emit({ type: 'version', version: latest.version, hash: latest.hash, loss: latest.loss, members: latest.contributors.length, timings: undefined, contributed: false })
      },
      (error) => {
        fail(error)
        wakeAt(1000)
      },
    ).finally(() => {
      syncing = false
      schedule()
    })
  }

  let lastPresence = ''
  function publishPresence() {
    const record = { peer: self, version: syncing ? -1 : held!.version, hash: syncing ? null : held!.hash, active: wantsToTrain(), backend: options.backend }
    const text = JSON.stringify(record)
    if (text === lastPresence) return
    lastPresence = text
    state.put('presence', { ...record, at: clock.now() })
  }

  function reportFailures(latest: VersionRecord) {
    for (const f of state.values('failures')) {
      const key = `${f.round}:${f.attempt}:${f.peer}`
      if (f.round < latest.version || seenFailures.has(key)) continue
      seenFailures.add(key)
      emit({ type: 'failure', round: f.round, attempt: f.attempt, culprit: f.culprit, cause: f.cause })
    }
  }

  let lastEvaluation = -1
  function reportEvaluation() {
    let newest: EvaluationRecord | undefined
    for (const e of state.values('evaluations')) if (e.version > lastEvaluation && (!newest || e.version > newest.version)) newest = e
    if (!newest) return
    lastEvaluation = newest.version
    emit({ type: 'evaluation', version: newest.version, accuracy: newest.accuracy, loss: newest.loss })
  }

  function lead(latest: VersionRecord) {
    for (let step = 0; step < 3; step++) {
      const current = state.latestVersion() ?? latest
      const view = leaderView(state, current, {
        self,
        now: clock.now(),
        linked: links.peers(),
        minMembers: options.minMembers ?? 1,
        batchSize: options.batchSize,
        lastVersion: options.lastVersion,
        roundTimeoutMs: roundTimeout(state, current),
        firstSeen,
      })
      if (leaderOf(view) !== self) return
      const action = planRound(view)
      if (!action) {
        if (view.round) wakeAt(view.roundTimeoutMs - view.roundAgeMs + 1)
        return
      }
      state.doc.transact(() => {
        if (action.type === 'commit') state.put('versions', action.version)
        else state.put('rounds', action.round)
      })
      if (action.type === 'commit') prune(action.version.version)
    }
  }

  function prune(version: number) {
    const keep = version - 8
    for (const key of firstSeen.keys()) if (Number(key.split(':')[0]) < keep) firstSeen.delete(key)
    state.remove('rounds', state.values('rounds').filter((r) => r.round < keep).map((r) => String(r.round)))
    state.remove('reports', state.values('reports').filter((r) => r.version < keep).map((r) => `${r.version}:${r.attempt}:${r.peer}`))
    state.remove('failures', state.values('failures').filter((f) => f.round < keep).map((f) => `${f.round}:${f.attempt}:${f.peer}`))
  }

  function participate(latest: VersionRecord) {
    const round = held!.version === latest.version ? state.get('rounds', String(latest.version)) : undefined
    const mine = round && round.members.includes(self) && !syncing ? round : undefined
    if (running && (!mine || mine.round !== running.round || mine.attempt !== running.attempt)) {
      running.superseded = true
      reducer.abort(running, 'the round was superseded')
      running = undefined
    }
    if (pending && (!mine || pending.round !== mine.round || pending.attempt !== mine.attempt)) pending = undefined
    if (!mine) return setStatus(!active ? 'paused' : wantsToTrain() ? 'waiting' : 'done')
    if (running || pending) return
    if (!wantsToTrain() && mine.attempt === 0) return setStatus(active ? 'done' : 'paused')
    run(mine, held!)
  }

  async function run(round: RoundRecord, base: { version: number; state: TrainingState }) {
    const session: Running = { round: round.round, attempt: round.attempt, members: round.members, superseded: false }
    running = session
    try {
      const slot = round.slots.indexOf(self)
      const key = `${round.round}:${round.offset}:${slot}`
      if (cached?.key !== key) {
        setStatus('computing')
        const result = await compute.gradient(base.state.params, trainer.shard(round.offset, slot))
        cached = { key, ...result }
      }
      if (session.superseded) return
      setStatus('reducing')
      const reduceStart = clock.now()
      const sum = await reducer.allReduce(cached.gradient, session)
      const allreduceMs = clock.now() - reduceStart
      if (session.superseded) return
      setStatus('applying')
      const applyStart = clock.now()
      for (let i = 0; i < sum.length; i++) sum[i]! /= round.members.length
      const next = trainer.apply(base.state, sum)
      const hash = await trainer.hash(next)
      if (session.superseded) return
      const timings = { compute: cached.ms, allreduce: allreduceMs, optimizer: clock.now() - applyStart }
      pending = { round: round.round, attempt: round.attempt, state: next, hash, loss: cached.loss, timings }
      state.put('reports', { version: round.round + 1, attempt: round.attempt, peer: self, hash, loss: cached.loss, samples: options.batchSize, timings, at: clock.now() })
    } catch (error) {
      if (session.superseded) return
      const culprit = typeof (error as { peer?: unknown })?.peer === 'string' ? (error as { peer: string }).peer : null
      const cause = (error as { shortMessage?: string })?.shortMessage ?? (error instanceof Error ? error.message : String(error))
      state.put('failures', { round: round.round, attempt: round.attempt, peer: self, culprit, cause: cause.slice(0, 500), at: clock.now() })
      fail(error)
    } finally {
      if (running === session) running = undefined
      schedule()
    }
  }

  function maybeEvaluate(version: VersionRecord) {
    const every = options.evalEvery
    const due = version.version % every === 0 || version.version === options.lastVersion
    const evaluators = [...version.contributors].sort()
    if (!due || evaluators[Math.floor(version.version / every) % evaluators.length] !== self) return
    evaluateHeld().then(
      (result) => state.put('evaluations', { ...result, peer: self, samples: result.samples, at: clock.now() }),
      fail,
    )
  }

  async function evaluateHeld() {
    const { version, state: training } = held!
    return { version, ...(await compute.evaluate(training.params)) }
  }

  const unsubscribe = [state.observe(schedule), links.subscribe(schedule)]
  schedule()

  return {
    get status() {
      return status
    },
    get held() {
      return held && { version: held.version, hash: held.hash }
    },
    setActive(next) {
      active = next
      schedule()
    },
    setStopAt(version) {
      stopAt = version
      schedule()
    },
    evaluate: async () => {
      if (!held) throw new Error('this peer holds no version yet')
      const { version, accuracy, loss } = await evaluateHeld()
      emit({ type: 'evaluation', version, accuracy, loss })
      return { version, accuracy, loss }
    },
    stop() {
      stopped = true
      for (const off of unsubscribe) off()
      if (wake !== undefined) clock.clearTimeout(wake)
      if (running) {
        running.superseded = true
        reducer.abort(running, 'the volunteer stopped')
      }
    },
  }
}
