// A validator's spot checks (docs/architecture.md §8): for every committed version it samples contributions
// (auditSample.ts), waits for each sampled member to reveal the bytes it committed to and the state it trained
// from, checks both against the doc (openReveal.ts; the state against the base version's hash), recomputes the
// gradient itself from that state and the member's deterministic shard, and compares (auditTolerance.ts). Every
// audit ends in a verdict: verified, refuted (the bytes are not the gradient of that shard at that state), or
// unanswered (no reveal or state in time). The auditor decides nothing else: its owner bans on a refuted or
// unanswered verdict and holds receipts back until the audits of a version settled (`auditedThrough`).
//
// Uploads that are not the answer (malformed, oversized, other bytes than the commitments) are refused and noted on
// the audit (refusedUploads.ts), never held against the member: anyone can upload in its name, and a griefer must
// not ban honest members. An unanswered verdict names them. An answer after the deadline is told the audit closed
// (AuditClosedError) and changes nothing.
//
// Pure apart from its ports: the validator plugs in tfjs on Node, the seeded simulation a fake compute.
import { sha256 } from 'viem'
import type { Codec } from '../manifest/Manifest.ts'
import { deserializeState } from '../state/serializeState.ts'
import type { SwarmState } from '../swarm/createSwarmState.ts'
import { recordKey, type VersionRecord } from '../swarm/records.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'
import { AuditClosedError, AuditMismatchError, NotAuditedError } from './auditErrors.ts'
import { type AuditRules, auditedContributors } from './auditSample.ts'
import { auditTolerance, relativeError } from './auditTolerance.ts'
import { openReveal, revealByteLength } from './openReveal.ts'
import { type RefusedUploads, describeRefusals, noRefusals, withRefusal } from './refusedUploads.ts'
import { MalformedRevealError } from './revealFormat.ts'

export type AuditOutcome = 'verified' | 'refuted' | 'unanswered'
export type AuditVerdict = {
  /** The version the contribution went into (its round is version − 1). */
  version: number
  attempt: number
  peer: PeerId
  outcome: AuditOutcome
  reason: string
  /** ‖revealed − recomputed‖ / ‖recomputed‖, when it was computed. */
  error?: number
  /** Wall-clock milliseconds of the verdict. */
  at: number
}

export type AuditorParameters = {
  state: Pick<SwarmState, 'get' | 'values' | 'latestVersion' | 'observe'>
  codec: Codec
  rules: AuditRules
  /** The model's parameter count: the contribution's length. */
  parameterCount: number
  /** The member in `slot` of a round starting at `offset` trains these samples (Trainer.shard). */
  shard(offset: number, slot: number): Uint32Array
  /** The gradient of `samples` at `params`, computed here. */
  recompute(params: Float32Array, samples: Uint32Array): Promise<Float32Array>
  /** Wall-clock milliseconds. */
  now(): number
  /** How long a sampled member has to deliver its reveal and its base state once the version is seen. */
  answerMs: number
  onVerdict(verdict: AuditVerdict): void
  onError(error: unknown): void
}

export type RevealAnswer = { needsState: boolean }

export type OpenAudit = {
  version: number
  peer: PeerId
  waitingFor: string
  /** Uploads in the member's name that were not its answer. */
  refused: RefusedUploads
}

export type Auditor = {
  /** Takes a member's reveal for its contribution to `version`; throws NotAuditedError, AuditClosedError,
   * AuditMismatchError or MalformedRevealError (the last two noted on the audit). */
  reveal(version: number, peer: PeerId, bytes: Uint8Array): RevealAnswer
  /** The length of the only reveal that can answer, from its first revealHeaderBytes: a server reads no further
   * than this. Throws like `reveal` (NotAuditedError, AuditClosedError, MalformedRevealError). */
  revealLength(version: number, peer: PeerId, header: Uint8Array): number
  /** Notes an upload refused for passing `limit` bytes (revealLength) on the open audit, if there is one. */
  refuseOversized(version: number, peer: PeerId, limit: number): void
  /** Takes the training state at `version` (a base some open audit needs); throws NotAuditedError or
   * AuditMismatchError. */
  state(version: number, bytes: Uint8Array): void
  /** Whether some open audit still needs the state at `version`. */
  needsState(version: number): boolean
  /** Versions above this may hold an unsettled audit: receipts wait for them (unitsByPeer `auditedThrough`). */
  auditedThrough(): number
  /** Open audits, oldest first. */
  open(): readonly OpenAudit[]
  /** Ends audits whose members ran out of time; call it periodically. */
  expire(): void
  /** Resolves when no recomputation is running or queued. */
  settled(): Promise<void>
  close(): void
}

type Audit = {
  version: VersionRecord
  peer: PeerId
  slot: number
  offset: number
  seenAt: number
  commitments?: readonly Hex[]
  contribution?: Float32Array
  checking: boolean
  refused: RefusedUploads
}

/**
 * A version first seen more than this many versions behind the latest is not audited: its members may no longer
 * keep what they committed to (a validator that starts, or comes back, late pays the backlog unaudited rather than
 * ban honest members for answers they could not give).
 */
export const freshVersions = 2

/** Settled audits remembered, so that a late answer hears it is late: a few versions' worth of samples. */
const keptClosed = 1_000

export function createAuditor(parameters: AuditorParameters): Auditor {
  const { state, codec, rules, now, onVerdict } = parameters
  const audits = new Map<string, Audit>()
  const closedAudits = new Map<string, { outcome: AuditOutcome; at: number }>()
  /** Base states some open audit needs, by version: parameters only, once verified against the version's hash. */
  const states = new Map<number, Float32Array>()
  let examined = state.latestVersion()?.version ?? -1
  let closed = false
  let queue: Promise<void> = Promise.resolve()
  const keyOf = (version: number, peer: PeerId) => `${version}:${peer}`

  const commitmentsOf = (audit: Audit) =>
    (audit.commitments ??= state.get(
      'commitments',
      recordKey.commitments({ round: audit.version.round, attempt: audit.version.attempt, peer: audit.peer }),
    )?.chunks)

  const settle = (audit: Audit, outcome: AuditOutcome, reason: string, error?: number) => {
    const key = keyOf(audit.version.version, audit.peer)
    audits.delete(key)
    closedAudits.set(key, { outcome, at: now() })
    if (closedAudits.size > keptClosed) closedAudits.delete(closedAudits.keys().next().value!)
    if (![...audits.values()].some((other) => other.version.round === audit.version.round))
      states.delete(audit.version.round)
    const verdict: AuditVerdict = {
      version: audit.version.version,
      attempt: audit.version.attempt,
      peer: audit.peer,
      outcome,
      reason,
      ...(error === undefined ? {} : { error }),
      at: now(),
    }
    try {
      onVerdict(verdict)
    } catch (failure) {
      parameters.onError(failure)
    }
  }

  const recomputeWhenReady = (audit: Audit) => {
    const params = states.get(audit.version.round)
    if (!audit.contribution || !params || audit.checking) return
    audit.checking = true
    const contribution = audit.contribution
    queue = queue.then(async () => {
      if (closed) return
      try {
        const recomputed = await parameters.recompute(params, parameters.shard(audit.offset, audit.slot))
        const error = relativeError(contribution, recomputed)
        const tolerance = auditTolerance[codec]
        if (error <= tolerance) settle(audit, 'verified', `within ${tolerance} of the recomputed gradient`, error)
        else
          settle(
            audit,
            'refuted',
            `the revealed contribution is ${error.toPrecision(3)} (relative) from the gradient of its shard at ` +
              `version ${audit.version.round}; the tolerance is ${tolerance}`,
            error,
          )
      } catch (failure) {
        // Our own failure to recompute is no evidence against the member: the audit waits and is retried.
        audit.checking = false
        parameters.onError(failure)
      }
    })
  }

  const examine = () => {
    const latest = state.latestVersion()?.version ?? -1
    while (examined < latest) {
      const version = state.get('versions', String(examined + 1))
      if (!version) return
      examined = version.version
      if (version.round < 0 || version.version < latest - freshVersions) continue
      const base = state.get('versions', String(version.round))
      if (!base) continue
      for (const peer of auditedContributors(state.values('versions'), version, rules)) {
        const slot = version.contributors.indexOf(peer)
        const audit: Audit = {
          version,
          peer,
          slot,
          offset: base.nextOffset,
          seenAt: now(),
          checking: false,
          refused: noRefusals,
        }
        commitmentsOf(audit)
        audits.set(keyOf(version.version, peer), audit)
      }
    }
  }
  const unsubscribe = state.observe(() => {
    if (!closed) examine()
  })
  examine()

  const expire = () => {
    const time = now()
    for (const audit of [...audits.values()]) {
      if (audit.checking || time - audit.seenAt < parameters.answerMs) continue
      const within = `within ${Math.round(parameters.answerMs / 1000)} s`
      const refusals = describeRefusals(audit.refused)
      const reason = audit.contribution
        ? `no base state ${within}`
        : refusals
          ? `no valid reveal ${within}; ${refusals}`
          : `no reveal ${within}`
      settle(audit, 'unanswered', reason)
    }
  }

  /** The open audit an upload answers, past its deadline settled first: a late answer must not count. */
  const answering = (version: number, peer: PeerId) => {
    expire()
    const key = keyOf(version, peer)
    const audit = audits.get(key)
    if (!audit) {
      const closedAudit = closedAudits.get(key)
      if (closedAudit)
        throw new AuditClosedError(
          `The audit of ${peer}'s contribution to v${version} closed ${closedAudit.outcome} at ` +
            `${new Date(closedAudit.at).toISOString()}: this answer changes nothing.`,
        )
      throw new NotAuditedError(`No open audit of ${peer}'s contribution to version ${version}.`)
    }
    const commitments = commitmentsOf(audit)
    if (!commitments)
      throw new NotAuditedError(`The commitments of ${peer} for version ${version} have not reached this validator.`)
    return { audit, commitments }
  }
  const refuse = (audit: Audit, reason: string) => {
    audit.refused = withRefusal(audit.refused, { reason, at: now() })
  }
  /** Runs `open`, noting a malformed header on the audit before it propagates. */
  const readingHeader = <T>(audit: Audit, open: () => T): T => {
    try {
      return open()
    } catch (error) {
      if (error instanceof MalformedRevealError) refuse(audit, `malformed reveal: ${error.reason}`)
      throw error
    }
  }
  const values = parameters.parameterCount

  return {
    reveal(version, peer, bytes) {
      const { audit, commitments } = answering(version, peer)
      if (!audit.contribution) {
        const opened = readingHeader(audit, () => openReveal({ bytes, commitments, codec, values }))
        if (opened.kind === 'mismatch') {
          refuse(audit, `not the committed bytes: ${opened.reason}`)
          throw new AuditMismatchError(`Not ${peer}'s committed bytes: ${opened.reason}.`)
        }
        if (opened.kind === 'undecodable') {
          settle(audit, 'refuted', `its committed bytes are not a contribution: ${opened.reason}`)
          return { needsState: false }
        }
        audit.contribution = opened.contribution
        recomputeWhenReady(audit)
      }
      return { needsState: !states.has(audit.version.round) }
    },
    revealLength(version, peer, header) {
      const { audit, commitments } = answering(version, peer)
      return readingHeader(audit, () => revealByteLength({ bytes: header, commitments, codec, values }))
    },
    refuseOversized(version, peer, limit) {
      const audit = audits.get(keyOf(version, peer))
      if (audit && !audit.contribution)
        refuse(audit, `oversized reveal: more than the ${limit} bytes its frame size and commitments allow`)
    },
    state(version, bytes) {
      if (states.has(version)) return
      if (![...audits.values()].some((audit) => audit.version.round === version))
        throw new NotAuditedError(`No open audit needs the state at version ${version}.`)
      const expected = state.get('versions', String(version))?.hash
      if (sha256(bytes) !== expected)
        throw new AuditMismatchError(`The state does not hash to version ${version}'s published hash.`)
      states.set(version, deserializeState(bytes).params)
      for (const audit of audits.values()) if (audit.version.round === version) recomputeWhenReady(audit)
    },
    needsState: (version) =>
      !states.has(version) && [...audits.values()].some((audit) => audit.version.round === version),
    auditedThrough() {
      let through = examined
      for (const audit of audits.values()) through = Math.min(through, audit.version.version - 1)
      return through
    },
    open: () =>
      [...audits.values()]
        .sort((a, b) => a.version.version - b.version.version)
        .map((audit) => ({
          version: audit.version.version,
          peer: audit.peer,
          waitingFor: !audit.contribution
            ? 'its reveal'
            : !states.has(audit.version.round)
              ? 'the base state'
              : 'recomputation',
          refused: audit.refused,
        })),
    expire,
    settled: () => queue,
    close() {
      closed = true
      unsubscribe()
    },
  }
}
