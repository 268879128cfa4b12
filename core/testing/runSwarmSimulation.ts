// A seeded swarm under churn: volunteers join, leave and crash (some in the middle of an all-reduce or of a state
// transfer) while the swarm trains to its last version, everything on one virtual clock. Returns what happened,
// for the test to check the swarm's invariants; the same seed gives the same trace.

import { keccak256, stringToBytes } from 'viem'
import type { Manifest } from '../manifest/Manifest.ts'
import { createRandom, type Random } from '../random/createRandom.ts'
import { hashString } from '../random/hashString.ts'
import * as Y from 'yjs'
import { createSwarmState } from '../swarm/createSwarmState.ts'
import { createKeySigner } from '../swarm/recordSignature.ts'
import { banVersionFor } from '../swarm/authority/banVersion.ts'
import type { ValidatorSet } from '../swarm/authority/ValidatorSet.ts'
import type { ReportRecord, RoundRecord, VersionRecord } from '../swarm/records.ts'
import { createTrainer } from '../training/createTrainer.ts'
import { createDocNetwork } from './createDocNetwork.ts'
import { createFakeCompute, fakeGradient } from './createFakeCompute.ts'
import { createLearningCompute, learningAccuracy, learningGradient } from './createLearningCompute.ts'
import { forgeVersions } from './forgeVersions.ts'
import { createLinkTable } from './createLinkTable.ts'
import { createSimulatedPeer, type SimulatedPeer } from './createSimulatedPeer.ts'
import { createTestNetwork } from './createTestNetwork.ts'
import { mayRemovePeer, newestVersion } from './mayRemovePeer.ts'
import { nodeDigest } from './nodeDigest.ts'
import { simulationManifest } from './simulationManifest.ts'
import type { PeerId } from '../types/PeerId.ts'
import type { Aggregator } from '../manifest/Manifest.ts'
import type { Attack } from '../adversary/createAdversaryReducer.ts'
import type { AuditRules } from '../audit/auditSample.ts'
import type { AuditVerdict } from '../audit/createAuditor.ts'
import { createSimulatedValidator } from './createSimulatedValidator.ts'

export type SwarmSimulationParameters = {
  seed: string
  /** Peers live at once, at most. */
  maxPeers?: number
  initialPeers?: number
  lastVersion?: number
  /** Churn never takes the swarm below this many live peers. */
  minLive?: number
  /** Virtual ms after which an unfinished run fails as stalled. */
  limitMs?: number
  /**
   * A hostile peer with this many self-made keys joins the doc mesh once the swarm reaches `atVersion`, and writes
   * `count` forged versions (with rounds and reports of its own keys) on top of the latest one (forgeVersions.ts).
   */
  forger?: { atVersion: number; keys: number; count: number }
  /**
   * The swarm has one validator, which bans a contributor of the latest version once the swarm reaches `atVersion`
   * (its record written from a doc of its own, as the validator's replica would).
   */
  ban?: { atVersion: number }
  /** Hears every trace line as it is written (for debugging a failing seed). */
  onTrace?: (line: string) => void
  /** Written into the manifest (so it changes the swarm id) and given to every endpoint; absent: the ring's sum. */
  aggregator?: Aggregator
  /**
   * A hostile peer joins once the swarm holds version 2 (adversary/createAdversaryReducer.ts); churn never removes
   * it. It joins late so that it never leads: a hostile leader is a known limit of the protocol (architecture §8).
   */
  adversary?: Attack
  /** Several hostile peers, each joining as `adversary` does (with `adversary`: that one first). */
  adversaries?: readonly Attack[]
  /** Hostile peers are honest until they hold this version (past their probation, say), then attack. */
  attackAfter?: number
  /**
   * `learning`: peers train the manifest's MLP on a synthetic task (createLearningCompute.ts), and the run reports
   * held-out accuracy; default `fake`, whose exact sums tests can replay.
   */
  compute?: 'fake' | 'learning'
  /**
   * The swarm has one validator that audits contributions with these rules (createSimulatedValidator.ts), and every
   * peer answers its audits; needs `aggregator: 'centered-clip'` (only commitments can be audited).
   */
  audits?: AuditRules
}

export type PeerHistory = {
  id: PeerId
  joinedAt: number
  /** The latest version the swarm had committed when it joined. */
  joinedAtVersion: number
  leftAt?: number
  how?: 'left' | 'crashed'
  holds: { version: number; hash: `0x${string}`; at: number }[]
}

export type SwarmSimulationRun = {
  trace: string[]
  peers: PeerHistory[]
  reports: ReportRecord[]
  /** The versions map of a live peer at the end, by version number. */
  versions: VersionRecord[]
  live: PeerId[]
  /** Live peers whose doc differs from the others' once the run has settled. */
  divergent: PeerId[]
  /** Records some live peer ignored, by reason. */
  ignored: Record<string, number>
  /** Error events of every peer, by error name. */
  errors: Record<string, number>
  counts: Record<
    'joins' | 'leaves' | 'crashes' | 'crashesInAllReduce' | 'crashesWhileServing' | 'crashesWhileSyncing' | 'failures',
    number
  >
  manifest: Manifest
  trainSize: number
  /** The peer the validator banned and the round its ban applies from, when `ban` was given. */
  banned?: { peer: PeerId; fromRound: number; stoppedAt: number | undefined }
  /** The hostile peer, when `adversary` was given (the first of `adversaries` otherwise). */
  adversary?: PeerId
  /** Every hostile peer, in the order they joined. */
  adversaries: PeerId[]
  /** With `compute: 'learning'`: held-out accuracy of every `accuracyEvery`-th version, as the first peer held it. */
  accuracy?: { version: number; accuracy: number }[]
  /** With `audits`: every verdict, and each banned peer with the latest version when its ban was written. */
  audits?: {
    verdicts: AuditVerdict[]
    bans: { peer: PeerId; at: number; live: boolean }[]
    /** Each member's latest verified version, where receipts stop (audit/createVerifiedLedger.ts). */
    verifiedThrough: ReadonlyMap<PeerId, number>
  }
}

type Armed = 'allreduce' | 'serving' | 'syncing'

/** Versions whose accuracy a learning run measures, and on how many held-out samples. */
export const accuracyEvery = 10
const accuracySamples = 2000

export async function runSwarmSimulation(parameters: SwarmSimulationParameters): Promise<SwarmSimulationRun> {
  const { seed, maxPeers = 8, initialPeers = 4, lastVersion = 50, minLive = 3, limitMs = 30 * 60_000 } = parameters
  const base = simulationManifest(lastVersion)
  const manifest = parameters.aggregator
    ? { ...base, allreduce: { ...base.allreduce, aggregator: parameters.aggregator } }
    : base
  const learning = parameters.compute === 'learning'
  // Learning runs draw samples from their index alone, so the epoch can be long; the fake compute's test replays
  // keep to a small one.
  const trainSize = learning ? 60_000 : 1000
  const gradientOf = (params: Float32Array, samples: Uint32Array) =>
    learning ? learningGradient(manifest.model, params, samples) : fakeGradient(params, samples)
  const hostiles = [...(parameters.adversary ? [parameters.adversary] : []), ...(parameters.adversaries ?? [])]
  const trainer = createTrainer(manifest, trainSize, nodeDigest)
  // 2 MB/s links: a state transfer (≈ 76 KB) and an all-reduce both take tens of ms, long enough to crash inside.
  const network = createTestNetwork({ seed: `${seed}/net`, profile: { bytesPerMs: 2000, latencyMs: 5, jitterMs: 3 } })
  const clock = network.clock
  const churn = createRandom(`${seed}/churn`)
  const docs = createDocNetwork({ clock, random: createRandom(`${seed}/docs`) })
  const swarmId = `0x${'51'.repeat(32)}` as const
  const validator = createKeySigner(keccak256(stringToBytes(`starling/simulation/${seed}/validator`)))
  const validators: ValidatorSet | undefined =
    parameters.ban || parameters.audits ? { members: [validator.address], threshold: 1 } : undefined
  let banned: SwarmSimulationRun['banned']

  const trace: string[] = []
  // Peer ids are addresses; the trace names peers by the order they joined.
  const labels = new Map<PeerId, string>()
  const label = (peer: PeerId) => labels.get(peer) ?? peer.slice(0, 8)
  const note = (line: string) => {
    trace.push(`${clock.now().toFixed(1)} ${line}`)
    parameters.onTrace?.(trace.at(-1)!)
  }
  const peers = new Map<PeerId, SimulatedPeer>()
  const histories = new Map<PeerId, PeerHistory>()
  const reports: ReportRecord[] = []
  const errors: Record<string, number> = {}
  const counts = {
    joins: 0,
    leaves: 0,
    crashes: 0,
    crashesInAllReduce: 0,
    crashesWhileServing: 0,
    crashesWhileSyncing: 0,
    failures: 0,
  }
  const links = createLinkTable()
  let armed: Armed | undefined
  let created = 0

  const uniform = (random: Random, [min, max]: readonly [number, number]) => min + random.next() * (max - min)
  const latest = () => newestVersion(peers)
  const adversaries: PeerId[] = []
  const mayRemove = (peer: PeerId) =>
    !adversaries.includes(peer) && mayRemovePeer(peer, { live: peers, reports, minLive })
  const accuracy = new Map<number, number>()

  function remove(peer: PeerId, how: 'left' | 'crashed', why: string) {
    const simulated = peers.get(peer)
    if (!simulated) return
    peers.delete(peer)
    note(`${how} ${label(peer)} (${why})`)
    Object.assign(histories.get(peer)!, { leftAt: clock.now(), how })
    if (how === 'left') {
      counts.leaves++
      simulated.leave()
    } else {
      counts.crashes++
      simulated.crash()
    }
    // A closed tab's channels close at once; a dead one is noticed when its data channels time out.
    const after = how === 'left' ? uniform(churn, [10, 40]) : uniform(churn, [100, 3000])
    clock.setTimeout(() => links.drop(peer), after)
  }

  function crashIfStill(peer: PeerId, kind: Armed, still: () => boolean) {
    if (!peers.has(peer) || !still() || !mayRemove(peer)) {
      note(`missed ${kind} at ${label(peer)}`)
      armed ??= kind
      return
    }
    if (kind === 'allreduce') counts.crashesInAllReduce++
    else if (kind === 'serving') counts.crashesWhileServing++
    else counts.crashesWhileSyncing++
    remove(peer, 'crashed', `while ${kind === 'allreduce' ? 'reducing' : kind}`)
  }

  function join(hostile?: Attack) {
    const index = created++
    const signer = createKeySigner(keccak256(stringToBytes(`starling/simulation/${seed}/${index}`)))
    const id = signer.address
    if (hostile) adversaries.push(id)
    labels.set(id, `${hostile ? 'x' : 'p'}${String(index).padStart(2, '0')}`)
    counts.joins++
    histories.set(id, { id, joinedAt: clock.now(), joinedAtVersion: latest()?.version ?? -1, holds: [] })
    links.add(id)
    note(`join ${label(id)}`)
    const peer = createSimulatedPeer({
      signer,
      clientId: hashString(`${seed}/${id}`),
      swarmId,
      ...(validators ? { validators } : {}),
      ...(parameters.aggregator ? { aggregator: parameters.aggregator } : {}),
      ...(hostile ? { adversary: hostile } : {}),
      ...(hostile && parameters.attackAfter !== undefined ? { attackAfter: parameters.attackAfter } : {}),
      ...(auditing ? { audits: { rules: parameters.audits!, deliver: auditing.deliver } } : {}),
      network,
      docs,
      links: links.links(id),
      trainer,
      compute: learning
        ? createLearningCompute({
            spec: manifest.model,
            clock,
            computeMs: 20 + createRandom(`${seed}/${id}/compute`).next() * 100,
          })
        : createFakeCompute({ clock, random: createRandom(`${seed}/${id}/compute`), computeMs: [20, 120] }),
      settings: {
        batchSize: manifest.training.batchSize,
        evalEvery: manifest.training.evalEvery,
        lastVersion,
        minMembers: 2,
        settleMs: 500,
      },
      onEvent(event) {
        if (event.type === 'failure') counts.failures++
        if (event.type === 'error') errors[event.error.name] = (errors[event.error.name] ?? 0) + 1
        if (event.type !== 'status') return
        if (event.status === 'banned' && banned?.peer === id) {
          banned.stoppedAt = latest()?.version
          remove(id, 'left', 'banned')
        } else if (event.status === 'banned' && parameters.audits) remove(id, 'left', 'banned by an audit')
        if (event.status === 'reducing' && armed === 'allreduce') {
          armed = undefined
          clock.setTimeout(
            () => crashIfStill(id, 'allreduce', () => peer.volunteer.status === 'reducing'),
            uniform(churn, [1, 40]),
          )
        }
        if (event.status === 'syncing' && armed === 'syncing') {
          armed = undefined
          clock.setTimeout(
            () => crashIfStill(id, 'syncing', () => peer.volunteer.status === 'syncing'),
            uniform(churn, [1, 30]),
          )
        }
      },
      onHeld(held) {
        histories.get(id)!.holds.push({ version: held.version, hash: held.hash, at: clock.now() })
        if (learning && held.version % accuracyEvery === 0 && !accuracy.has(held.version))
          accuracy.set(held.version, learningAccuracy(manifest.model, held.state.params, accuracySamples).accuracy)
        note(`hold ${label(id)} v${held.version} ${held.hash.slice(0, 10)}`)
      },
      onWrite(map, record) {
        if (map === 'reports') reports.push(record as ReportRecord)
        if (map === 'versions')
          note(
            `commit v${(record as VersionRecord).version} by ${label(id)}: ` +
              `${(record as VersionRecord).contributors.map(label).join(',')}`,
          )
        if (map === 'rounds')
          note(
            `round ${(record as RoundRecord).round}.${(record as RoundRecord).attempt} by ${label(id)}: ` +
              `${(record as RoundRecord).members.map(label).join(',')}`,
          )
      },
      onServe() {
        if (armed !== 'serving') return
        armed = undefined
        clock.setTimeout(() => crashIfStill(id, 'serving', () => true), uniform(churn, [0, 20]))
      },
    })
    peers.set(id, peer)
    for (const other of peers.keys()) {
      if (other === id) continue
      clock.setTimeout(() => peers.has(id) && peers.has(other) && links.set(id, other, true), uniform(churn, [20, 80]))
    }
  }

  const churnUntil = lastVersion - 5
  function churnStep() {
    if ((latest()?.version ?? 0) >= churnUntil) return
    clock.setTimeout(churnStep, uniform(churn, [100, 1200]))
    const roll = churn.next()
    const live = [...peers.keys()]
    const peer = live[churn.nextInt(live.length)]!
    if (roll < 0.4) {
      if (live.length < maxPeers) join()
    } else if (roll < 0.65) {
      if (mayRemove(peer)) remove(peer, roll < 0.5 ? 'left' : 'crashed', 'churn')
      else note(`spare ${label(peer)}`)
    } else {
      armed = roll < 0.82 ? 'allreduce' : roll < 0.92 ? 'serving' : 'syncing'
      note(`arm ${armed}`)
    }
  }

  function forgeWhenDue() {
    const { forger } = parameters
    if (!forger) return
    if ((latest()?.version ?? -1) < forger.atVersion) return void clock.setTimeout(forgeWhenDue, 50)
    const doc = new Y.Doc()
    docs.connect('forger', doc)
    const keys = Array.from({ length: forger.keys }, (_, i) =>
      createKeySigner(keccak256(stringToBytes(`starling/simulation/${seed}/forger/${i}`))),
    )
    clock.setTimeout(() => {
      const base = createSwarmState(doc, { swarmId, signer: keys[0]! }).latestVersion()
      if (!base) return
      forgeVersions({ doc, swarmId, keys, base, count: forger.count, contributorsPerVersion: 8 })
      note(`forged v${base.version + 1}..v${base.version + forger.count} with ${forger.keys} keys`)
    }, 200)
  }

  function adversariesWhenDue() {
    if (adversaries.length >= hostiles.length) return
    if ((latest()?.version ?? -1) < 2 + adversaries.length) return void clock.setTimeout(adversariesWhenDue, 50)
    join(hostiles[adversaries.length])
    adversariesWhenDue()
  }

  function banWhenDue() {
    const { ban } = parameters
    if (!ban || !validators) return
    const base = latest()
    if ((base?.version ?? -1) < ban.atVersion) return void clock.setTimeout(banWhenDue, 50)
    const target = base!.contributors.find((peer) => peers.has(peer))
    if (!target) return void clock.setTimeout(banWhenDue, 50)
    const doc = new Y.Doc()
    docs.connect('validator', doc)
    clock.setTimeout(() => {
      const replica = createSwarmState(doc, { swarmId, signer: validator, validators })
      const fromRound = banVersionFor(replica.latestVersion()?.version ?? base!.version)
      replica.put('bans', {
        peer: target,
        version: fromRound,
        reason: 'simulated proof',
        validator: validator.address,
        at: clock.now(),
      })
      banned = { peer: target, fromRound, stoppedAt: undefined }
      note(`ban ${label(target)} from round ${fromRound}`)
    }, 200)
  }

  const auditBans: { peer: PeerId; at: number; live: boolean }[] = []
  const auditing =
    parameters.audits &&
    createSimulatedValidator({
      swarmId,
      signer: validator,
      validators: validators!,
      docs,
      clock,
      trainer,
      parameterCount: trainer.initial().params.length,
      rules: parameters.audits,
      gradient: (params, samples) => gradientOf(params, samples).gradient,
      onBan(peer) {
        auditBans.push({ peer, at: latest()?.version ?? -1, live: peers.has(peer) })
        note(`audit bans ${label(peer)}`)
      },
    })

  for (let i = 0; i < initialPeers; i++) clock.setTimeout(() => join(), uniform(churn, [0, 300]))
  forgeWhenDue()
  banWhenDue()
  adversariesWhenDue()
  clock.setTimeout(churnStep, 2000)
  const finished = () =>
    peers.size > 0 && [...peers.values()].every((peer) => peer.volunteer.held?.version === lastVersion)
  await clock.run(finished, limitMs)
  await clock.advance(3000)
  auditing?.close()

  const survivor = [...peers.values()][0]!
  const ignored: Record<string, number> = {}
  for (const peer of peers.values())
    for (const [reason, count] of peer.state.ignored) ignored[reason] = (ignored[reason] ?? 0) + count
  return {
    trace,
    peers: [...histories.values()],
    reports,
    versions: survivor.state.values('versions').sort((a, b) => a.version - b.version),
    live: [...peers.keys()],
    divergent: docs.divergent(),
    ignored,
    errors,
    counts,
    manifest,
    ...(adversaries.length > 0 ? { adversary: adversaries[0]! } : {}),
    adversaries,
    ...(learning
      ? {
          accuracy: [...accuracy]
            .map(([version, value]) => ({ version, accuracy: value }))
            .sort((a, b) => a.version - b.version),
        }
      : {}),
    trainSize,
    ...(banned ? { banned } : {}),
    ...(auditing
      ? { audits: { verdicts: auditing.verdicts, bans: auditBans, verifiedThrough: auditing.verifiedThrough() } }
      : {}),
  }
}
