// Volunteers driven by hand through stepVolunteer, for tests of its rules without a runner, timers or a network:
// one Y.Doc that every peer reads and signs into (the doc already synced; only state transfers take time here),
// links a test sets and cuts, and a clock that moves only when told. Writes are carried out as the runner would;
// every other effect waits in `outstanding` until the test answers it (or `run` does, in a seeded order), with a
// real Trainer and the exact stand-in gradient of createFakeCompute.ts.

import { keccak256, stringToBytes } from 'viem'
import { labelledSigner } from './createChainWriter.ts'
import * as Y from 'yjs'
import { createRandom } from '../random/createRandom.ts'
import { createSwarmState, type SwarmState } from '../swarm/createSwarmState.ts'
import type { MapName, RecordMaps } from '../swarm/records.ts'
import { verifyResume } from '../swarm/verifyResume.ts'
import type { VolunteerAction } from '../swarm/volunteer/VolunteerAction.ts'
import type { VolunteerInput, VolunteerView } from '../swarm/volunteer/VolunteerInput.ts'
import { initialVolunteerState, type VolunteerConfig, type VolunteerState } from '../swarm/volunteer/VolunteerState.ts'
import { type Step, stepVolunteer } from '../swarm/volunteer/stepVolunteer.ts'
import type { ReduceSession, Trainer, TrainingState } from '../swarm/VolunteerPorts.ts'
import { createTrainer } from '../training/createTrainer.ts'
import { fakeGradient } from './createFakeCompute.ts'
import { createLinkTable } from './createLinkTable.ts'
import { nodeDigest } from './nodeDigest.ts'
import { simulationManifest } from './simulationManifest.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

/** An effect the volunteer waits on: its answer comes back as an input. */
export type Outstanding = {
  peer: PeerId
  action: Exclude<VolunteerAction, { type: 'emit' | 'hold' | 'write' | 'wake' | 'abort' | 'resetErrorFeedback' }>
}

export type SteppedSwarm = {
  readonly trainer: Trainer
  /** A new volunteer, linked both ways to every peer still here. */
  add(label: string, options?: { resume?: { version: number; hash: Hex; state: TrainingState } }): PeerId
  label(peer: PeerId): string
  /** The peer is gone: its links drop, its effects are never answered, it is never stepped again. */
  drop(peer: PeerId): void
  setLink(a: PeerId, b: PeerId, up: boolean): void
  volunteer(peer: PeerId): VolunteerState
  doc(peer: PeerId): SwarmState
  /** One step of one peer; its writes are applied to the doc. */
  step(peer: PeerId, input: VolunteerInput): Step
  /** Steps every peer with `changed` until none writes. */
  settle(): void
  /** Every action so far, in order; `mark()` is the index the next one will have. */
  readonly log: readonly { peer: PeerId; action: VolunteerAction }[]
  mark(): number
  readonly outstanding: readonly Outstanding[]
  /** Removes `peer`'s first outstanding effect of `type`, for the test to answer itself. */
  take<T extends Outstanding['action']['type']>(peer: PeerId, type: T): Extract<Outstanding['action'], { type: T }>
  /** Answers `effect` and steps its peer with the answer; an all-reduce ends on every member of its ring at once. */
  deliver(effect: Outstanding): Promise<void>
  /** Actions of one type asked for since `since` (default: ever), by `peer` if given. */
  actions<T extends VolunteerAction['type']>(
    type: T,
    options?: { peer?: PeerId; since?: number },
  ): Extract<VolunteerAction, { type: T }>[]
  /** Records of one map written since `since`, by `peer` if given. */
  written<K extends MapName>(map: K, options?: { peer?: PeerId; since?: number }): RecordMaps[K][]
  /**
   * Answers outstanding effects (those `answering` accepts) one at a time, in the seed's order, settling after each,
   * until `until()` holds; with none left, moves the clock to the next wake-up asked for.
   */
  run(until: () => boolean, options?: { answering?: (effect: Outstanding) => boolean; limit?: number }): Promise<void>
  /** A training state some peer held or computed, by hash (what a state transfer of that hash delivers). */
  stateOf(hash: Hex): TrainingState | undefined
}

export type SteppedSwarmParameters = {
  seed: string
  lastVersion?: number
  minMembers?: number
  /** Virtual time each answered effect takes. */
  effectMs?: number
  /** Members commit to their contributions before each all-reduce (VolunteerConfig.commitments). */
  commitments?: boolean
}

const sessionKey = (s: ReduceSession) => `${s.round}:${s.attempt}:${s.members.join(',')}`

export function createSteppedSwarm(parameters: SteppedSwarmParameters): SteppedSwarm {
  const { seed, lastVersion = 20, minMembers = 1, effectMs = 100, commitments = false } = parameters
  const manifest = simulationManifest(lastVersion)
  const trainer = createTrainer(manifest, 1000, nodeDigest)
  const random = createRandom(seed)
  const doc = new Y.Doc()
  const swarmId = keccak256(stringToBytes(`starling/stepped/${seed}`))
  const links = createLinkTable()
  const peers = new Map<PeerId, { doc: SwarmState; state: VolunteerState }>()
  const log: { peer: PeerId; action: VolunteerAction }[] = []
  const labels = new Map<PeerId, string>()
  let outstanding: Outstanding[] = []
  const states = new Map<Hex, TrainingState>()
  let now = 0
  /** Times a volunteer asked to be stepped again at: `run` moves the clock to the next when nothing else is left. */
  let wakes: number[] = []

  const entry = (peer: PeerId) => peers.get(peer) ?? fail(`${peer} is not in the swarm`)
  const view = (peer: PeerId): VolunteerView => ({ doc: entry(peer).doc, linked: links.links(peer).peers(), now })

  function step(peer: PeerId, input: VolunteerInput): Step {
    const volunteer = entry(peer)
    const result = stepVolunteer(volunteer.state, input, view(peer))
    volunteer.state = result.state
    for (const action of result.actions) {
      log.push({ peer, action })
      switch (action.type) {
        case 'write':
          doc.transact(() => {
            for (const put of action.puts) volunteer.doc.put(put.map, put.record as never)
            for (const { map, keys } of action.removes ?? []) volunteer.doc.remove(map, keys)
          })
          break
        case 'hold':
          states.set(action.held.hash, action.held.state)
          break
        case 'abort': {
          // The reducer ends the aborted session here; its rejection would be a stale outcome, left out.
          const key = sessionKey(action.session)
          outstanding = outstanding.filter(
            (e) => !(e.peer === peer && e.action.type === 'allReduce' && sessionKey(e.action.session) === key),
          )
          break
        }
        case 'wake':
          wakes.push(action.at)
          break
        case 'emit':
        case 'resetErrorFeedback':
          break
        default:
          outstanding.push({ peer, action })
      }
    }
    return result
  }

  function settle() {
    for (let round = 0; round < 50; round++) {
      const before = log.length
      for (const peer of peers.keys()) step(peer, { type: 'changed' })
      if (!log.slice(before).some((e) => e.action.type === 'write')) return
    }
    fail('the volunteers kept writing: no fixpoint after 50 rounds of steps')
  }

  const ringOf = (session: ReduceSession) =>
    outstanding.filter((e) => e.action.type === 'allReduce' && sessionKey(e.action.session) === sessionKey(session))

  /** The input that answers an effect as the runner's ports would (an all-reduce: the sum of its ring). */
  async function answer({ peer, action }: Outstanding): Promise<VolunteerInput> {
    switch (action.type) {
      case 'verifyResume':
        return { type: 'resumeChecked', result: await verifyResume(action.kept, entry(peer).doc, trainer) }
      case 'computeGenesis': {
        const state = trainer.initial()
        return { type: 'genesisComputed', held: { version: 0, state, hash: await trainer.hash(state) } }
      }
      case 'computeGradient':
        return {
          type: 'gradientComputed',
          key: action.key,
          ...fakeGradient(action.params, trainer.shard(action.offset, action.slot)),
          ms: effectMs,
        }
      case 'commit': {
        // One hash per member's chunk, as the robust reducer's would be: here of the whole gradient and the chunk.
        const bytes = new Uint8Array(action.gradient.buffer, action.gradient.byteOffset, action.gradient.byteLength)
        const chunks = action.session.members.map((_, chunk) => keccak256(new Uint8Array([...bytes, chunk])))
        return { type: 'committed', session: action.session, chunks }
      }
      case 'allReduce': {
        const sum = new Float32Array(action.gradient.length)
        for (const { action: a } of ringOf(action.session))
          if (a.type === 'allReduce') a.gradient.forEach((g, i) => (sum[i]! += g))
        return { type: 'reduced', session: action.session, sum }
      }
      case 'applyStep': {
        const mean = action.sum.map((x) => x / action.session.members.length)
        const state = trainer.apply(action.base, mean)
        const hash = await trainer.hash(state)
        states.set(hash, state)
        return { type: 'stepApplied', session: action.session, state, hash }
      }
      case 'fetchState': {
        const state = states.get(action.version.hash) ?? fail(`nobody holds ${action.version.hash}`)
        return { type: 'stateFetched', version: action.version, state }
      }
      case 'evaluate':
        return { type: 'evaluated', version: action.version, accuracy: 0.5, loss: 1, samples: 100 }
    }
  }

  /** Answers `effect` and steps its peer; an all-reduce ends on all its members at once. */
  async function deliver(effect: Outstanding) {
    const ring = effect.action.type === 'allReduce' ? ringOf(effect.action.session) : [effect]
    if (ring.length < (effect.action.type === 'allReduce' ? effect.action.session.members.length : 1))
      fail(`${labels.get(effect.peer)}'s all-reduce waits for members that never asked`)
    const input = await answer(effect)
    outstanding = outstanding.filter((e) => !ring.includes(e))
    for (const { peer } of ring) step(peer, input.type === 'reduced' ? { ...input, sum: input.sum.slice() } : input)
  }

  function ready(): Outstanding[] {
    const seen = new Set<string>()
    return outstanding.filter((e) => {
      if (e.action.type !== 'allReduce') return true
      const key = sessionKey(e.action.session)
      if (seen.has(key)) return false
      seen.add(key)
      return ringOf(e.action.session).length === e.action.session.members.length
    })
  }

  return {
    trainer,
    add(label, options = {}) {
      const signer = labelledSigner(`stepped/${seed}/${label}`)
      const self = signer.address
      const config: VolunteerConfig = {
        self,
        backend: 'cpu',
        batchSize: manifest.training.batchSize,
        evalEvery: manifest.training.evalEvery,
        lastVersion,
        minMembers,
        commitments,
        settleMs: 0,
      }
      const state = initialVolunteerState(config, now, { resume: options.resume })
      links.add(self)
      for (const other of peers.keys()) links.set(self, other, true)
      labels.set(self, label)
      peers.set(self, { doc: createSwarmState(doc, { swarmId, signer }), state })
      return self
    },
    label: (peer) => labels.get(peer) ?? peer,
    drop(peer) {
      peers.delete(peer)
      links.drop(peer)
      outstanding = outstanding.filter((e) => e.peer !== peer)
    },
    setLink: (a, b, up) => links.set(a, b, up),
    volunteer: (peer) => entry(peer).state,
    doc: (peer) => entry(peer).doc,
    step,
    settle,
    log,
    mark: () => log.length,
    get outstanding() {
      return outstanding
    },
    take(peer, type) {
      const effect = outstanding.find((e) => e.peer === peer && e.action.type === type)
      if (!effect) fail(`${labels.get(peer)} waits on no ${type}`)
      outstanding = outstanding.filter((e) => e !== effect)
      return effect.action as never
    },
    deliver,
    actions: (type, { peer, since = 0 } = {}) =>
      log
        .slice(since)
        .filter((e) => (peer === undefined || e.peer === peer) && e.action.type === type)
        .map((e) => e.action as never),
    written: (map, { peer, since = 0 } = {}) =>
      log
        .slice(since)
        .filter((e) => peer === undefined || e.peer === peer)
        .flatMap((e) => (e.action.type === 'write' ? e.action.puts : []))
        .filter((put) => put.map === map)
        .map((put) => put.record as never),
    async run(until, { answering = () => true, limit = 10_000 } = {}) {
      settle()
      for (let n = 0; !until(); n++) {
        if (n === limit) fail(`not done after ${limit} effects`)
        const effects = ready().filter(answering)
        if (effects.length === 0) {
          wakes = wakes.filter((at) => at > now)
          if (wakes.length === 0) fail('nothing left to answer or wait for, and not done')
          now = Math.min(...wakes)
          settle()
          continue
        }
        now += effectMs
        await deliver(effects[random.nextInt(effects.length)]!)
        settle()
      }
    },
    stateOf: (hash) => states.get(hash),
  }
}

function fail(message: string): never {
  throw new Error(message)
}
