// The payment rules a manifest's rewards may tune (docs/architecture.md §7), with the values a manifest that names
// none of them gets. The defaults are part of what a swarm id means: changing them would change how every existing
// swarm pays, so they stay as they are and new manifests write their values out (stack/startDemoChain.ts).

import type { RewardSpec } from '../manifest/Manifest.ts'

export type RewardRules = {
  /** Versions behind the latest before a version's units are receipted (receiptHorizon.ts). */
  auditWindow: number
  /** A key's first contributions that pay nothing (unitsByPeer.ts), and are all audited (core/audit/auditSample.ts). */
  probationRounds: number
  /** The share of later contributions validators audit (core/audit/auditSample.ts). */
  auditRate: number
  /** Contributions in a row a key may go unaudited after its probation (core/audit/auditSample.ts). */
  maxUnaudited: number
}

/**
 * Four versions give an audit four rounds to recompute a sampled gradient (one gradient is milliseconds to seconds
 * on wasm, a round takes seconds) and stay inside the eight versions leaders keep rounds and reports for.
 */
export const defaultAuditWindow = 4
/**
 * Three: the rounds in which an audit is expected to catch a lying member (issue 14), so a key that lies from its
 * first round is banned before it has earned anything.
 */
export const defaultProbationRounds = 3

/**
 * Half: a member that lies in every round is caught within 3 rounds with probability 7/8 and within 7 with 127/128,
 * and a validator recomputes half the swarm's gradients (one gradient on Node's tfjs cpu: bench/README.md). A key
 * lying from its first round is caught in it regardless: probation rounds are all audited.
 */
export const defaultAuditRate = 0.5

/**
 * Two: with the default rate, a member lying in every round is audited within 3 of them for certain (not 7/8), at the
 * cost of auditing 4/7 of contributions instead of half. Added before any swarm ran outside a local stack, so no
 * swarm's meaning changed.
 */
export const defaultMaxUnaudited = 2

export function rewardRulesOf(
  rewards: Pick<RewardSpec, 'auditWindow' | 'probationRounds' | 'auditRate' | 'maxUnaudited'>,
): RewardRules {
  return {
    auditWindow: rewards.auditWindow ?? defaultAuditWindow,
    probationRounds: rewards.probationRounds ?? defaultProbationRounds,
    auditRate: rewards.auditRate ?? defaultAuditRate,
    maxUnaudited: rewards.maxUnaudited ?? defaultMaxUnaudited,
  }
}
