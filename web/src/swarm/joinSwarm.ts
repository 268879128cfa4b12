// Wires one volunteer together in the browser: identity, training worker, signaling, WebRTC mesh,
// y-webrtc doc, all-reduce endpoint, state sync, and core's volunteer runtime. Everything it starts,
// `leave` stops.

import { WebrtcProvider } from 'y-webrtc'
import * as Y from 'yjs'
import { privateKeyToAccount } from 'viem/accounts'
import { createKeySigner } from '../../../core/swarm/recordSignature.ts'
import type { Attack } from '../../../core/adversary/createAdversaryReducer.ts'
import { createAllReduceEndpoint } from '../../../core/allreduce/createAllReduceEndpoint.ts'
import { presetDatasets } from '../../../core/data/presetDatasets.ts'
import { aggregatorOf } from '../../../core/manifest/aggregatorOf.ts'
import { serializeError } from '../../../core/errors/BaseError.ts'
import type { Address, Manifest } from '../../../core/manifest/Manifest.ts'
import { validatorSetOf } from '../../../core/swarm/authority/ValidatorSet.ts'
import { payeesMapName } from '../../../core/rewards/payeeRecord.ts'
import { signPayee } from '../../../core/rewards/signPayee.ts'
import { deserializeState, serializeState } from '../../../core/state/serializeState.ts'
import { createSwarmState, type SwarmState } from '../../../core/swarm/createSwarmState.ts'
import { createVolunteer, type Volunteer } from '../../../core/swarm/createVolunteer.ts'
import type { KeptState } from '../../../core/swarm/verifyResume.ts'
import type { TrainingState } from '../../../core/swarm/VolunteerPorts.ts'
import { createStateSync } from '../../../core/sync/createStateSync.ts'
import { createTrainer } from '../../../core/training/createTrainer.ts'
import { createRevealer } from '../../../core/audit/createRevealer.ts'
import { rewardRulesOf } from '../../../core/rewards/rewardRules.ts'
import { deliverAuditUpload } from './deliverAuditUpload.ts'
import type { BackendRequest } from '../../../worker/protocol.ts'
import type { AppConfig } from '../config/loadConfig.ts'
import { storedPayee } from '../rewards/walletStorage.ts'
import { createChannelTransport } from '../net/createChannelTransport.ts'
import { type FrozenAt, freezeTransport } from '../net/freezeTransport.ts'
import { bulkFrameBytes } from '../net/bulkChannel.ts'
import { createMesh } from '../net/createMesh.ts'
import { createSignalingClient } from '../net/createSignalingClient.ts'
import { createStateSaver } from './createStateSaver.ts'
import { openStateStore } from './createStateStore.ts'
import type { JoinEvent, ReducerWrapper } from './SwarmEvent.ts'
import { createWorkerCompute } from '../training/createWorkerCompute.ts'
import type { Clock } from '../../../core/types/Clock.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'
import { sessionKey } from './sessionKey.ts'

export type JoinOptions = {
  config: AppConfig
  swarmId: `0x${string}`
  manifest: Manifest
  backend: BackendRequest
  minMembers?: number
  stopAt?: number
  /** Base URL of the Starling app that serves datasets (the widget runs on other sites); default: this page's app. */
  appBase?: URL
  /**
   * Where this session's units are paid (docs/architecture.md §7), asked for when the swarm pays; default: this
   * page's own stored wallet. The widget asks Starling's wallet page (walletFrame/), which keeps its key.
   */
  payee?: () => Promise<Address>
  /** Test tools only (SwarmEvent.ts): wraps the honest reducer in one that can turn hostile. */
  wrapReducer?: ReducerWrapper
  onEvent: (event: JoinEvent) => void
}

export type SwarmHandle = {
  self: PeerId
  volunteer: Volunteer
  state: SwarmState
  /** Test hook (e2e churn): freeze this member in the middle of its next all-reduce; see net/freezeTransport.ts. */
  freezeAllReduce(): Promise<FrozenAt>
  /** Test hook, present only with `wrapReducer`: this member turns hostile; undefined: honest again. */
  setAttack?: (attack: Attack | undefined) => void
  leave(): Promise<void>
}

const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as number),
}
/** SCTP stream ids of our negotiated channels: high, so they never meet the ids simple-peer's own channel gets. */
const channels = [
  { label: 'allreduce', id: 100 },
  { label: 'sync', id: 101 },
]

export async function joinSwarm(options: JoinOptions): Promise<SwarmHandle> {
  const { config, swarmId, manifest, onEvent } = options
  const cleanups: (() => void)[] = []
  const leave = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  }
  try {
    // A key per tab and swarm, kept across reloads (sessionKey.ts): the peer id is its address, and it signs records.
    const privateKey = sessionKey(swarmId)
    const account = privateKeyToAccount(privateKey)
    const signer = createKeySigner(privateKey)
    const self = signer.address

    const appBase = options.appBase ?? new URL(import.meta.env.BASE_URL, location.href)
    const dataset =
      'preset' in manifest.dataset
        ? new URL(presetDatasets[manifest.dataset.preset].path, appBase).href
        : manifest.dataset.url
    const compute = createWorkerCompute({
      model: manifest.model,
      dataset: manifest.dataset,
      datasetUrl: dataset,
      backend: options.backend,
      onFatal: (error) => onEvent({ type: 'fatal', error: serializeError(error) }),
    })
    cleanups.push(() => compute.terminate())
    const ready = await compute.ready
    onEvent({ type: 'backend', backend: ready.backend, fallbacks: ready.fallbacks })

    const signaling = createSignalingClient(config.signalingUrl)
    cleanups.push(() => signaling.close())
    cleanups.push(signaling.onStatus((status) => onEvent({ type: 'signaling', status })))

    const mesh = createMesh({
      self,
      topic: `starling/${swarmId}/mesh`,
      signaling,
      iceServers: config.iceServers,
      channels,
    })
    cleanups.push(() => mesh.close())
    cleanups.push(
      mesh.subscribe((event) => {
        onEvent({ type: 'links', peers: [...mesh.peers()] })
        if (event.type === 'down') onEvent({ type: 'link-down', peer: event.peer, reason: event.reason })
      }),
    )

    const doc = new Y.Doc()
    const provider = new WebrtcProvider(swarmId, doc, {
      signaling: [config.signalingUrl],
      peerOpts: { config: { iceServers: config.iceServers } },
    })
    // Awareness disappears when a tab closes (or ~30 s after it freezes): observers use it to tell peers
    // that left from peers that are busy. Failure detection inside rounds uses the mesh's heartbeats.
    provider.awareness.setLocalStateField('peer', self)
    cleanups.push(() => {
      provider.destroy()
      doc.destroy()
    })
    // A state kept by an earlier session of this browser, with the doc that publishes its hash.
    const store = await openStateStore().catch(
      (error: unknown) => void console.warn('IndexedDB is unavailable: this tab will not resume after a reload', error),
    )
    if (store) cleanups.push(() => store.close())
    const kept = await store?.load(swarmId)
    let resume: KeptState | undefined
    if (kept) {
      try {
        Y.applyUpdate(doc, kept.doc)
        resume = { version: kept.version, hash: kept.hash, state: deserializeState(kept.state) }
      } catch (error) {
        onEvent({ type: 'error', error: serializeError(error) })
      }
    }
    const state = createSwarmState(doc, { swarmId, signer, validators: validatorSetOf(manifest) })
    // Rewards hook (issue 5): the session key signs where its units are paid (core/rewards/payeeRecord.ts).
    const payee = manifest.rewards ? await (options.payee?.() ?? storedPayee()) : undefined
    if (payee) {
      const declaration = await signPayee({ account, swarmId, payee })
      doc.getMap(payeesMapName).set(declaration.peer, declaration)
    }

    const allreduceTransport = createChannelTransport(mesh, 'allreduce')
    cleanups.push(() => allreduceTransport.close())
    const freezable = freezeTransport(allreduceTransport)
    // A swarm that pays is open to anyone for the money: it aggregates robustly, over signed commitments.
    const aggregator = aggregatorOf(manifest)
    const endpoint = createAllReduceEndpoint({
      transport: freezable.transport,
      clock: browserClock,
      swarmId,
      codec: manifest.allreduce.codec,
      aggregator,
      frameBytes: bulkFrameBytes,
    })
    cleanups.push(() => endpoint.close())
    // Honest unless a test tool wrapped it (`npm run nodes -- --attack`, e2e): the attacks are theirs, not the app's.
    const wrapped = options.wrapReducer?.(endpoint)

    const trainer = createTrainer(manifest, ready.trainSize)
    let held: { version: number; hash: `0x${string}`; state: TrainingState } | undefined
    let served: { version: number; hash: `0x${string}`; bytes: Uint8Array } | undefined
    // Serialized on the first request for a version, not every round: most versions are never asked for.
    const serve = () => {
      if (held && served?.version !== held.version)
        served = { version: held.version, hash: held.hash, bytes: serializeState(held.state) }
      return served
    }
    const syncTransport = createChannelTransport(mesh, 'sync')
    cleanups.push(() => syncTransport.close())
    const sync = createStateSync({
      transport: syncTransport,
      clock: browserClock,
      serve,
      onServeError: (peer, error) => console.warn(`state sync: serving ${peer} stopped`, error),
    })
    cleanups.push(() => sync.close())

    const saver =
      store &&
      createStateSaver({
        store,
        swarmId,
        doc,
        onSaved: (version) => onEvent({ type: 'saved', version }),
        onError: (error) => onEvent({ type: 'error', error: serializeError(error) }),
      })
    if (saver) cleanups.push(() => saver.close())
    // A swarm that commits to contributions is audited: keep what we committed to and answer when drawn.
    const revealer =
      aggregator === 'centered-clip' && manifest.rewards
        ? createRevealer({
            self,
            state,
            rules: rewardRulesOf(manifest.rewards),
            frameBytes: bulkFrameBytes,
            deliver: (url, upload) => deliverAuditUpload(url, swarmId, upload),
            clock: browserClock,
            // Retried while the version is recent: a validator that has not seen it yet answers 404.
            onError: (error) => console.debug(String(error)),
          })
        : undefined
    if (revealer) cleanups.push(() => revealer.close())
    const volunteer = createVolunteer({
      self,
      state,
      trainer,
      compute,
      reducer: wrapped ?? endpoint,
      links: { peers: () => mesh.peers(), subscribe: (listener) => mesh.subscribe(listener) },
      fetchState: (version, holders) => sync.fetch(version, holders),
      clock: browserClock,
      backend: ready.backend,
      batchSize: manifest.training.batchSize,
      evalEvery: manifest.training.evalEvery,
      lastVersion: manifest.training.rounds,
      commitments: aggregator === 'centered-clip',
      ...(options.minMembers !== undefined ? { minMembers: options.minMembers } : {}),
      ...(options.stopAt !== undefined ? { stopAt: options.stopAt } : {}),
      onEvent: (event) => {
        if (event.type === 'status' && (event.status === 'done' || event.status === 'paused')) void saver?.flush()
        onEvent(event)
      },
      ...(resume ? { resume } : {}),
      ...(revealer ? { onCommitted: revealer.committed } : {}),
      onHeld: (next) => {
        held = next
        revealer?.held(next)
        saver?.held(next)
        // Requests for this version that arrived before we held it were parked: answer them now.
        sync.offer()
      },
    })
    cleanups.push(() => volunteer.stop())
    return {
      self,
      volunteer,
      state,
      freezeAllReduce: freezable.freeze,
      ...(wrapped ? { setAttack: wrapped.setAttack } : {}),
      leave,
    }
  } catch (error) {
    await leave()
    throw error
  }
}
