// A volunteer's session as reactive state for the pages and the widget. It owns the swarm connection
// (worker, mesh, doc) and turns its events into fields; the components only read them.

import type { Attack } from '../../../core/adversary/createAdversaryReducer.ts'
import { serializeError } from '../../../core/errors/BaseError.ts'
import type { Address, Manifest } from '../../../core/manifest/Manifest.ts'
import { payeesMapName } from '../../../core/rewards/payeeRecord.ts'
import { receiptsMapName } from '../../../core/rewards/publishedReceipt.ts'
import { receiptedUnitsByPeer } from '../../../core/rewards/receiptedUnitsByPeer.ts'
import type { Timings } from '../../../core/swarm/records.ts'
import type { VolunteerStatus } from '../../../core/swarm/createVolunteer.ts'
import type { BackendFallback, BackendRequest } from '../../../worker/protocol.ts'
import type { AppConfig } from '../config/loadConfig.ts'
import type { PublishedReceipts } from '../rewards/PublishedReceipts.ts'
import { AttackUnavailableError } from './AttackUnavailableError.ts'
import type { ReducerWrapper, SignalingStatus, SwarmLedger } from './SwarmEvent.ts'
import { fetchManifest } from './fetchManifest.ts'
import { joinSwarm, type SwarmHandle } from './joinSwarm.ts'
import type { JoinEvent } from './SwarmEvent.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'

export type Phase = 'consent' | 'starting' | 'running' | 'left' | 'error'
export type FailureNote = { at: number; text: string }

export type SessionOptions = {
  config: AppConfig
  swarmId: `0x${string}`
  backend: BackendRequest
  minMembers?: number
  stopAt?: number
  /** Base URL of the Starling app (the widget passes its script's). */
  appBase?: URL
  /** Where the units are paid, asked for at each join; default: this page's wallet (joinSwarm.ts). */
  payee?: () => Promise<Address>
  /** Test tools only: what makes setAttack possible (SwarmEvent.ts, ReducerWrapper). */
  wrapReducer?: ReducerWrapper
}

const maxNotes = 20

export class VolunteerSession {
  phase = $state<Phase>('consent')
  status = $state<VolunteerStatus>('starting')
  // Raw: the manifest is posted to the worker, and a deep $state proxy cannot be cloned.
  manifest = $state.raw<Manifest>()
  self = $state<PeerId>()
  backend = $state<string>()
  fallbacks = $state<BackendFallback[]>([])
  linked = $state<PeerId[]>([])
  members = $state(0)
  version = $state(0)
  loss = $state<number>()
  accuracy = $state<{ version: number; value: number }>()
  contributed = $state(0)
  timings = $state<Timings>()
  signaling = $state<SignalingStatus>('connecting')
  paused = $state(false)
  /** Share of time spent training, in (0, 1]. */
  throttle = $state(1)
  error = $state<string>()
  notes = $state<FailureNote[]>([])
  private handle: SwarmHandle | undefined
  private stopAt: number | undefined
  /** An attack asked for before the swarm was joined: the reducer starts with it (setAttack). */
  private attack: Attack | undefined
  private resting: ReturnType<typeof setTimeout> | undefined
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners are callbacks, never rendered
  private listeners = new Set<(event: JoinEvent) => void>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners are callbacks, never rendered
  private receiptListeners = new Set<(keys: readonly string[]) => void>()

  /** The doc's published receipts, for the rewards panel (PublishedReceipts.ts). */
  readonly receipts: PublishedReceipts = {
    entries: () => [...(this.handle?.state.doc.getMap<unknown>(receiptsMapName).entries() ?? [])],
    subscribe: (listener) => {
      this.receiptListeners.add(listener)
      return () => this.receiptListeners.delete(listener)
    },
  }

  constructor(readonly options: SessionOptions) {
    this.stopAt = options.stopAt
  }

  /** Fetches and verifies the manifest, so the consent card can say what would be trained. */
  async prepare() {
    try {
      this.manifest = await fetchManifest(this.options.config.registryUrl, this.options.swarmId)
    } catch (error) {
      this.fatal(error)
    }
  }

  async start() {
    if (this.phase !== 'consent' && this.phase !== 'left' && this.phase !== 'error') return
    this.phase = 'starting'
    this.error = undefined
    try {
      this.manifest ??= await fetchManifest(this.options.config.registryUrl, this.options.swarmId)
      const { stopAt: _fromUrl, ...options } = this.options
      this.handle = await joinSwarm({
        ...options,
        ...(this.stopAt !== undefined ? { stopAt: this.stopAt } : {}),
        manifest: this.manifest,
        onEvent: (event) => this.apply(event),
      })
      // It may have changed while joining.
      this.handle.volunteer.setStopAt(this.stopAt)
      if (this.attack) this.handle.setAttack?.(this.attack)
      // Observed until the doc is destroyed with the handle.
      this.handle.state.doc
        .getMap<unknown>(receiptsMapName)
        .observe((event) => this.receiptsChanged([...event.keysChanged]))
      this.receiptsChanged([])
      this.self = this.handle.self
      if (this.phase === 'starting') this.phase = 'running'
    } catch (error) {
      this.fatal(error)
    }
  }

  setPaused(paused: boolean) {
    this.paused = paused
    clearTimeout(this.resting)
    this.resting = undefined
    this.handle?.volunteer.setActive(!paused)
  }

  /**
   * Train only a share of the time. A throttled volunteer sits out whole rounds after each one it trains
   * (the leader leaves inactive peers out) instead of computing slowly, which would hold up the whole
   * ring; rejoining costs one state sync.
   */
  setThrottle(share: number) {
    this.throttle = Math.min(1, Math.max(0.05, share))
  }

  private restAfter(roundMs: number) {
    const handle = this.handle
    if (!handle || this.throttle >= 1 || this.paused || this.resting) return
    handle.volunteer.setActive(false)
    this.resting = setTimeout(
      () => {
        this.resting = undefined
        if (!this.paused && this.handle === handle) handle.volunteer.setActive(true)
      },
      (roundMs * (1 - this.throttle)) / this.throttle,
    )
  }

  async leave() {
    clearTimeout(this.resting)
    this.resting = undefined
    const handle = this.handle
    this.handle = undefined
    await handle?.leave()
    if (this.phase !== 'error') this.phase = 'left'
  }

  /** Held-out accuracy of the parameters this peer holds now (used by headless nodes at the end). */
  async evaluate() {
    if (!this.handle) throw new Error('not in a swarm')
    return this.handle.volunteer.evaluate()
  }

  /** Where to stop training; kept for a session that has not joined yet. */
  setStopAt(version: number | undefined) {
    this.stopAt = version
    this.handle?.volunteer.setStopAt(version)
  }

  /** Test hook: see StarlingAutomation.freezeAllReduce. */
  async freezeAllReduce() {
    if (!this.handle) throw new Error('not in a swarm')
    const handle = this.handle
    return { ...(await handle.freezeAllReduce()), self: handle.self }
  }

  /** Test hook: see StarlingAutomation.setAttack. */
  setAttack(attack: Attack | undefined) {
    if (!this.options.wrapReducer) throw new AttackUnavailableError()
    // Before the swarm is joined it is kept for the reducer's start, so an attack can begin at the first contribution.
    this.attack = attack
    this.handle?.setAttack?.(attack)
  }

  /** Automation read: see StarlingAutomation.ledger. */
  async ledger(): Promise<SwarmLedger> {
    if (!this.handle || !this.manifest) throw new Error('not in a swarm')
    const { state } = this.handle
    const rewards = this.manifest.rewards
    const units = rewards
      ? await receiptedUnitsByPeer({
          swarm: this.options.swarmId,
          rewards,
          payees: state.doc.getMap<unknown>(payeesMapName).entries(),
          receipts: this.receipts.entries(),
          now: BigInt(Math.floor(Date.now() / 1000)),
        })
      : undefined
    return {
      banned: [...state.bans().keys()],
      unitsByPeer: Object.fromEntries([...(units ?? [])].map(([peer, total]) => [peer, Number(total)])),
    }
  }

  /** Every event of the swarm connection, after the fields were updated. */
  listen(listener: (event: JoinEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get held() {
    return this.handle?.volunteer.held
  }

  private receiptsChanged(keys: readonly string[]) {
    for (const listener of this.receiptListeners) listener(keys)
  }

  private note(text: string) {
    this.notes = [{ at: Date.now(), text }, ...this.notes].slice(0, maxNotes)
  }

  private fatal(error: unknown) {
    this.phase = 'error'
    this.error = error instanceof Error ? error.message : String(error)
    const event: JoinEvent = { type: 'fatal', error: serializeError(error) }
    for (const listener of this.listeners) listener(event)
  }

  private apply(event: JoinEvent) {
    this.update(event)
    for (const listener of this.listeners) listener(event)
  }

  private update(event: JoinEvent) {
    switch (event.type) {
      case 'backend':
        this.backend = event.backend
        this.fallbacks = event.fallbacks
        return
      case 'links':
        this.linked = event.peers
        return
      case 'signaling':
        this.signaling = event.status
        return
      case 'link-down':
        this.note(`Lost peer ${event.peer.slice(0, 10)}: ${event.reason}`)
        return
      case 'fatal':
        this.phase = 'error'
        this.error = event.error.message
        void this.leave()
        return
      case 'status':
        this.status = event.status
        return
      case 'version':
        this.version = event.version
        this.loss = event.loss
        this.members = event.members
        if (event.timings) this.timings = event.timings
        if (event.contributed) {
          this.contributed += this.manifest?.training.batchSize ?? 0
          if (event.timings) this.restAfter(event.timings.compute + event.timings.allreduce + event.timings.optimizer)
        }
        return
      case 'evaluation':
        this.accuracy = { version: event.version, value: event.accuracy }
        return
      case 'failure':
        this.note(
          `Round ${event.round} attempt ${event.attempt} failed` +
            `${event.culprit ? ` (${event.culprit.slice(0, 10)})` : ''}: ` +
            `${event.cause}`,
        )
        return
      case 'saved':
        return
      case 'error':
        this.note(`${event.error.name}: ${event.error.message}`)
        return
      default:
        return event satisfies never
    }
  }
}
