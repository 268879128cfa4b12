// The validator's audits of one swarm (docs/architecture.md §8): core's auditor over the validator's replica, with
// gradients recomputed on tfjs cpu (createGradientRecomputer.ts), and the consequences: a refuted or unanswered audit
// bans the member (createBanWriter.ts) from the version it audited, so its units from there on are forfeited; an
// unanswered one of a member that has left lapses instead (core/audit/auditConsequence.ts).
// Receipts wait for open audits (createReceiptPublisher's auditedThrough), and each member's units wait for its next
// verified audit (verifiedThrough).
import type { Manifest, RewardSpec } from '../core/manifest/Manifest.ts'
import { type AuditVerdict, type Auditor, createAuditor } from '../core/audit/createAuditor.ts'
import { rewardRulesOf } from '../core/rewards/rewardRules.ts'
import type { PeerId } from '../core/types/PeerId.ts'
import { auditConsequence } from '../core/audit/auditConsequence.ts'
import { createVerifiedLedger } from '../core/audit/createVerifiedLedger.ts'
import type { SwarmState } from '../core/swarm/createSwarmState.ts'
import { createTrainer } from '../core/training/createTrainer.ts'
import { auditTolerance } from '../core/audit/auditTolerance.ts'
import type { BanWriter } from './createBanWriter.ts'
import { createGradientRecomputer } from './createGradientRecomputer.ts'

export type SwarmAudits = Pick<Auditor, 'reveal' | 'revealLength' | 'refuseOversized' | 'state' | 'auditedThrough'> & {
  /** Each member's latest version an audit verified: with a non-zero audit rate, receipts stop there. */
  verifiedThrough(): ReadonlyMap<PeerId, number> | undefined
  /** Open audits and the latest verdicts, newest last: the dashboard shows them. */
  report(): { open: ReturnType<Auditor['open']>; verdicts: readonly AuditVerdict[] }
  /** Upload bounds: a reveal of the largest codec with every header, and a state of this model and optimizer. */
  maxRevealBytes: number
  maxStateBytes: number
  close(): void
}

export type CreateSwarmAuditorParameters = {
  manifest: Manifest & { rewards: RewardSpec }
  state: SwarmState
  banner: Pick<BanWriter, 'banFor'>
  now: () => number
  /** A sampled member's time to reveal and hand over its base state (default 30 s). */
  answerMs?: number
  /** Told after every verdict: receipts waiting for it may be signed now. */
  onVerdict: (verdict: AuditVerdict) => void
  onError: (error: unknown) => void
  log: (line: string) => void
}

const keptVerdicts = 200

export async function createSwarmAuditor(parameters: CreateSwarmAuditorParameters): Promise<SwarmAudits> {
  const { manifest, state, banner, onError, log } = parameters
  const recomputer = await createGradientRecomputer(manifest)
  const trainer = createTrainer(manifest, recomputer.trainSize)
  const verdicts: AuditVerdict[] = []
  const rules = rewardRulesOf(manifest.rewards)
  const ledger = createVerifiedLedger()
  const auditor = createAuditor({
    state,
    codec: manifest.allreduce.codec,
    rules,
    parameterCount: recomputer.parameterCount,
    shard: trainer.shard,
    recompute: recomputer.recompute,
    now: parameters.now,
    answerMs: parameters.answerMs ?? 30_000,
    onError,
    onVerdict(verdict) {
      verdicts.push(verdict)
      if (verdicts.length > keptVerdicts) verdicts.shift()
      const error = verdict.error === undefined ? '' : ` (error ${verdict.error.toExponential(2)})`
      log(
        `audit of ${verdict.peer} at version ${verdict.version}: ${verdict.outcome}${error}` +
          (verdict.outcome === 'verified' ? '' : ` (${verdict.reason})`),
      )
      const consequence = auditConsequence(verdict, state)
      ledger.record(verdict, consequence)
      parameters.onVerdict(verdict)
      if (consequence === 'lapse') log(`${verdict.peer} has left: it lapses (never paid past its last verified audit)`)
      if (consequence !== 'ban') return
      const evidence = JSON.stringify({
        audit: verdict.outcome,
        version: verdict.version,
        attempt: verdict.attempt,
        codec: manifest.allreduce.codec,
        tolerance: auditTolerance[manifest.allreduce.codec],
        ...(verdict.error === undefined ? {} : { error: verdict.error }),
      })
      banner
        .banFor(verdict.peer, `audit ${verdict.outcome}: ${verdict.reason}`.slice(0, 500), evidence, verdict.version)
        .catch(onError)
    },
  })
  const timer = setInterval(() => auditor.expire(), 1_000)
  timer.unref()
  const values = recomputer.parameterCount
  return {
    reveal: auditor.reveal,
    revealLength: auditor.revealLength,
    refuseOversized: auditor.refuseOversized,
    state: auditor.state,
    auditedThrough: auditor.auditedThrough,
    // Without random audits only probation is checked: capping there would pay nobody anything.
    verifiedThrough: () => (rules.auditRate > 0 ? ledger.verifiedThrough() : undefined),
    report: () => ({ open: auditor.open(), verdicts: [...verdicts] }),
    maxRevealBytes: 64 + 4 * values + 4 * Math.ceil(values / 128) * 2,
    // "STS1", count, parameters, then an optimizer state of at most two moments and its header.
    maxStateBytes: 256 + 12 * values,
    close() {
      clearInterval(timer)
      auditor.close()
    },
  }
}
