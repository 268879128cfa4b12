// What this peer does while it is the leader (authority/leaderRank.ts): writes the next round, its retries and
// its commit, as planRound decides from the doc, and prunes old records. Re-derived on every step, so leadership
// passes to another peer without a hand-over.

import { caughtLying } from '../caughtLying.ts'
import { leaderOf, leaderView } from '../leaderView.ts'
import { planRound } from '../planRound.ts'
import { keyNumber, type MapName, type VersionRecord } from '../records.ts'
import { roundPace } from '../roundPace.ts'
import type { VolunteerView } from './VolunteerInput.ts'
import { act, next, type Step } from './Step.ts'

/** Rounds, reports, failures and commitments older than this many versions are deleted by the leader that commits. */
const keptVersions = 8
/** How many versions a member caught lying sits out of the rounds this leader opens (caughtLying.ts). */
export const sitOutVersions = 8

/**
 * Notes when this peer first saw the current attempt (or the latest version, while no round is open): a round's
 * age is measured on this peer's own clock, since peers' clocks differ.
 */
export function noteAttemptSeen(step: Step, latest: VersionRecord, view: VolunteerView): Step {
  const key = `${latest.version}:${view.doc.get('rounds', String(latest.version))?.attempt ?? -1}`
  return step.state.attemptSeen?.key === key ? step : next(step, { attemptSeen: { key, at: view.now } })
}

export function lead(step: Step, latest: VersionRecord, view: VolunteerView): Step {
  const { config, attemptSeen } = step.state
  if (leaderOf(view.doc, latest, new Set([...view.linked, config.self])) !== config.self) return step
  const pace = roundPace(view.doc, latest)
  const sittingOut = new Map([...step.state.sittingOut].filter(([, until]) => until > latest.version))
  const seen = leaderView(view.doc, latest, {
    self: config.self,
    now: view.now,
    linked: view.linked,
    minMembers: config.minMembers,
    batchSize: config.batchSize,
    lastVersion: config.lastVersion,
    roundTimeoutMs: pace.timeoutMs,
    joinGraceMs: pace.joinGraceMs,
    roundAgeMs: view.now - (attemptSeen?.at ?? view.now),
    commitments: config.commitments,
    excluded: new Set(sittingOut.keys()),
  })
  const caught = seen.round ? caughtLying(seen.round, seen.failures, config.self) : []
  if (caught.some((peer) => !sittingOut.has(peer)))
    step = next(step, {
      sittingOut: new Map([...sittingOut, ...caught.map((peer) => [peer, latest.version + sitOutVersions] as const)]),
    })
  // An accusation's age is measured from when this leader first saw a failure of the attempt, on its own clock.
  const failureKey = seen.round && seen.failures.length > 0 ? `${seen.round.round}:${seen.round.attempt}` : undefined
  if (failureKey && step.state.failureSeen?.key !== failureKey)
    step = next(step, { failureSeen: { key: failureKey, at: view.now } })
  const plan = { ...seen, accusationAgeMs: failureKey ? view.now - step.state.failureSeen!.at : 0 }
  const action = planRound(plan)
  if (!action) {
    // Time alone changes the plan only when a deadline lies ahead; past one, only the doc or the links can.
    const deadline = plan.round ? plan.roundTimeoutMs : plan.laggards.length > 0 ? plan.joinGraceMs : 0
    const confirmAt =
      failureKey && plan.accusationAgeMs <= plan.confirmMs
        ? view.now + plan.confirmMs - plan.accusationAgeMs + 1
        : Infinity
    const deadlineAt = deadline > plan.roundAgeMs ? view.now + deadline - plan.roundAgeMs + 1 : Infinity
    const at = Math.min(confirmAt, deadlineAt)
    return at < Infinity ? act(step, { type: 'wake', at }) : step
  }
  if (action.type !== 'commit') return act(step, { type: 'write', puts: [{ map: 'rounds', record: action.round }] })
  return act(step, {
    type: 'write',
    puts: [{ map: 'versions', record: action.version }],
    removes: prunable(action.version.version, view),
  })
}

/**
 * Records of versions this far behind the new one (nobody needs them to take part, lead or catch up), and records
 * no honest peer writes: ahead of the next round, or under a key of no version. Chosen by key, not read: refused
 * records are pruned too, so what a forger writes does not stay in the doc for every read to re-check.
 */
function prunable(version: number, view: VolunteerView): { map: MapName; keys: string[] }[] {
  const keep = version - keptVersions
  const stale = (key: string) => {
    const n = keyNumber(key)
    return !(n >= keep && n <= version + 1)
  }
  return (['rounds', 'reports', 'failures', 'commitments'] as const).map((map) => ({
    map,
    keys: view.doc.keys(map).filter(stale),
  }))
}
