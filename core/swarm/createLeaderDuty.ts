import { leaderOf, leaderView } from './leaderView.ts'
import { planRound } from './planRound.ts'
import { recordKey, type VersionRecord } from './records.ts'
import { roundPace } from './roundPace.ts'
import type { VolunteerContext } from './VolunteerContext.ts'

/** Rounds, reports and failures older than this many versions are deleted by the leader that commits. */
const keptVersions = 8

/**
 * What this peer does while it is the leader (the lowest synced live peer): writes the next round, its retries
 * and its commit, as planRound decides from the doc, and prunes old records. Re-run on every tick, so leadership
 * passes to another peer without a hand-over.
 */
export function createLeaderDuty(context: VolunteerContext) {
  const { options } = context
  const { self, state, clock } = options
  /** When this peer first saw each `round:attempt`, by its own clock (peers' clocks differ). */
  const firstSeen = new Map<string, number>()

  function prune(version: number) {
    const keep = version - keptVersions
    for (const key of firstSeen.keys()) if (Number(key.split(':')[0]) < keep) firstSeen.delete(key)
    state.remove(
      'rounds',
      state
        .values('rounds')
        .filter((r) => r.round < keep)
        .map(recordKey.rounds),
    )
    state.remove(
      'reports',
      state
        .values('reports')
        .filter((r) => r.version < keep)
        .map(recordKey.reports),
    )
    state.remove(
      'failures',
      state
        .values('failures')
        .filter((f) => f.round < keep)
        .map(recordKey.failures),
    )
  }

  return function lead(latest: VersionRecord) {
    // A commit and the next round's opening can follow each other in one tick.
    for (let step = 0; step < 3; step++) {
      const current = state.latestVersion() ?? latest
      if (leaderOf(state, current, new Set([...options.links.peers(), self])) !== self) return
      const pace = roundPace(state, current)
      const view = leaderView(state, current, {
        self,
        now: clock.now(),
        linked: options.links.peers(),
        minMembers: options.minMembers ?? 1,
        batchSize: options.batchSize,
        lastVersion: options.lastVersion,
        roundTimeoutMs: pace.timeoutMs,
        joinGraceMs: pace.joinGraceMs,
        firstSeen,
      })
      const action = planRound(view)
      if (!action) {
        // Time alone changes the plan only when a deadline lies ahead; past one, only the doc or the links can.
        const deadline = view.round ? view.roundTimeoutMs : view.laggards.length > 0 ? view.joinGraceMs : 0
        if (deadline > view.roundAgeMs) context.wakeAt(deadline - view.roundAgeMs + 1)
        return
      }
      state.doc.transact(() => {
        if (action.type === 'commit') state.put('versions', action.version)
        else state.put('rounds', action.round)
      })
      if (action.type === 'commit') prune(action.version.version)
    }
  }
}
