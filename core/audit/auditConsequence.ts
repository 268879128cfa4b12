// What a validator does about a verdict. A refuted contribution bans its member. An unanswered audit bans it too
// when it is still training (it keeps contributing while it withholds its reveal), but not when it has gone: a
// volunteer whose tab closed right after a drawn version cannot answer, and banning it would count an honest
// departure as a lie. A member that has gone "lapses" instead: it is never paid again under that key
// (createVerifiedLedger.ts), so leaving to dodge an audit and coming back to earn later gains nothing.
import type { SwarmState } from '../swarm/createSwarmState.ts'
import type { AuditVerdict } from './createAuditor.ts'

export type AuditConsequence = 'none' | 'ban' | 'lapse'

export function auditConsequence(
  verdict: AuditVerdict,
  state: Pick<SwarmState, 'latestVersion' | 'get'>,
): AuditConsequence {
  if (verdict.outcome === 'verified') return 'none'
  if (verdict.outcome === 'refuted') return 'ban'
  const latest = state.latestVersion()
  const training =
    latest !== undefined &&
    latest.version > verdict.version &&
    (latest.contributors.includes(verdict.peer) ||
      (state.get('rounds', String(latest.version))?.members.includes(verdict.peer) ?? false))
  return training ? 'ban' : 'lapse'
}
