// A member's side of the audits (docs/architecture.md §8): it keeps the bytes it committed to for its last few
// attempts and the states it trained from, and once a version it contributed to is committed and the draw
// (auditSample.ts) says its contribution is audited, it delivers the reveal and, when a validator asks, the base
// state to every validator endpoint published in the doc. Deliveries that fail are retried while the version is
// recent; an honest member that stays online answers every audit, which is all an honest member must do.
import { serializeState } from '../state/serializeState.ts'
import type { SwarmState } from '../swarm/createSwarmState.ts'
import type { ReduceSession, TrainingState } from '../swarm/VolunteerPorts.ts'
import type { Clock } from '../types/Clock.ts'
import type { PeerId } from '../types/PeerId.ts'
import { type AuditRules, auditedContributors } from './auditSample.ts'
import { encodeReveal } from './revealFormat.ts'

export type Upload =
  | { kind: 'reveal'; version: number; peer: PeerId; bytes: Uint8Array }
  | { kind: 'state'; version: number; bytes: Uint8Array }

/** What a validator answered: `needsState` after a reveal it took; `done` when nothing more is asked of us. */
export type Delivery = 'needsState' | 'done'

export type RevealerParameters = {
  self: PeerId
  state: Pick<SwarmState, 'get' | 'values' | 'latestVersion' | 'observe'>
  rules: AuditRules
  /** The frame size this member's all-reduce uses: it fixes the chunks' bytes (revealFormat.ts). */
  frameBytes: number
  /** Sends one upload to the validator at `url`; rejects when it should be retried. */
  deliver(url: string, upload: Upload): Promise<Delivery>
  clock: Clock
  /** Retry pause after a failed delivery. */
  retryMs?: number
  onError?(error: unknown): void
}

export type Revealer = {
  /** What this member committed to for an attempt (createVolunteer's onCommitted). */
  committed(session: ReduceSession, contribution: readonly Uint8Array[]): void
  /** A state this member holds (createVolunteer's onHeld): the base of its next contribution. */
  held(held: { version: number; state: TrainingState }): void
  close(): void
}

/** Attempts and states kept: an audit is answered within the version after its own, retried for this many more. */
export const revealKeptVersions = 8
/**
 * Audited contributions whose answers are not all delivered are kept past `revealKeptVersions` (a validator behind
 * the swarm asks for a base state long after it was held), up to this many, the oldest given up first.
 */
export const maxPendingAudits = 16

export function createRevealer(parameters: RevealerParameters): Revealer {
  const { self, state, clock } = parameters
  const retryMs = parameters.retryMs ?? 1_000
  const contributions = new Map<string, { round: number; attempt: number; chunks: readonly Uint8Array[] }>()
  const states = new Map<number, TrainingState>()
  /** Deliveries done, by `<version>:<url>`, and those in flight. */
  const delivered = new Set<string>()
  const inFlight = new Set<string>()
  /** Whether this member is audited in a version: the draw never changes once the version is committed. */
  const auditedCache: Record<number, boolean> = {}
  /** Versions this member is audited in whose deliveries are not all done: what `forget` must keep. */
  const pending = new Set<number>()
  let closed = false
  let timer: unknown

  const forget = (latest: number) => {
    while (pending.size > maxPendingAudits) pending.delete(Math.min(...pending))
    /** Whether what concerns `version` (the contribution to it, its base state) may go. */
    const old = (version: number) => version < latest - revealKeptVersions && !pending.has(version)
    for (const [key, kept] of contributions) if (old(kept.round + 1)) contributions.delete(key)
    for (const version of states.keys()) if (old(version + 1)) states.delete(version)
    for (const key of delivered) if (old(Number(key.split(':', 1)[0]))) delivered.delete(key)
    for (const version of Object.keys(auditedCache)) if (old(Number(version))) delete auditedCache[Number(version)]
  }

  const deliverTo = async (url: string, round: number, chunks: readonly Uint8Array[]) => {
    const version = round + 1
    const bytes = encodeReveal(parameters.frameBytes, chunks)
    const answer = await parameters.deliver(url, { kind: 'reveal', version, peer: self, bytes })
    if (answer !== 'needsState') return
    const base = states.get(round)
    // We no longer hold it (a very slow validator): nothing more we can give.
    if (base) await parameters.deliver(url, { kind: 'state', version: round, bytes: serializeState(base) })
  }

  const scan = () => {
    if (closed) return
    const latest = state.latestVersion()?.version ?? -1
    forget(latest)
    const urls = state.values('endpoints').map((endpoint) => endpoint.url)
    for (const { round, attempt, chunks } of contributions.values()) {
      const version = state.get('versions', String(round + 1))
      if (!version || version.attempt !== attempt || !version.contributors.includes(self)) continue
      if (urls.every((url) => delivered.has(`${version.version}:${url}`))) {
        pending.delete(version.version)
        continue
      }
      const audited = (auditedCache[version.version] ??= auditedContributors(
        state.values('versions'),
        version,
        parameters.rules,
      ).includes(self))
      if (!audited) continue
      pending.add(version.version)
      for (const url of urls) {
        const key = `${version.version}:${url}`
        if (delivered.has(key) || inFlight.has(key)) continue
        inFlight.add(key)
        void deliverTo(url, round, chunks).then(
          () => {
            inFlight.delete(key)
            delivered.add(key)
            if (urls.every((one) => delivered.has(`${version.version}:${one}`))) pending.delete(version.version)
          },
          (error: unknown) => {
            inFlight.delete(key)
            parameters.onError?.(error)
            retry()
          },
        )
      }
    }
  }
  const retry = () => {
    if (closed || timer !== undefined) return
    timer = clock.setTimeout(() => {
      timer = undefined
      scan()
    }, retryMs)
  }
  const unsubscribe = state.observe(scan)

  return {
    committed(session, contribution) {
      contributions.set(`${session.round}:${session.attempt}`, {
        round: session.round,
        attempt: session.attempt,
        chunks: contribution,
      })
    },
    held({ version, state: held }) {
      states.set(version, held)
      scan()
    },
    close() {
      closed = true
      unsubscribe()
      if (timer !== undefined) clock.clearTimeout(timer)
    },
  }
}
