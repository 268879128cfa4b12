import { describe, expect, test } from 'vitest'
import type { RoundRecord, VersionRecord } from '../swarm/records.ts'
import { auditConsequence } from './auditConsequence.ts'
import type { AuditVerdict } from './createAuditor.ts'

const verdict = (outcome: AuditVerdict['outcome']) =>
  ({ peer: 'm', version: 10, attempt: 0, outcome, reason: outcome }) as AuditVerdict
/** A replica whose latest version is `latest` with these contributors, and whose round from it has these members. */
const replica = (latest: number, contributors: string[], members: string[]) => ({
  latestVersion: () => ({ version: latest, contributors }) as unknown as VersionRecord,
  get: ((map: string, key: string) =>
    map === 'rounds' && key === String(latest) ? ({ members } as unknown as RoundRecord) : undefined) as never,
})

describe('auditConsequence', () => {
  test('a verified audit has none; a refuted one bans, whether or not the member is still here', () => {
    expect(auditConsequence(verdict('verified'), replica(12, ['m'], ['m']))).toBe('none')
    expect(auditConsequence(verdict('refuted'), replica(12, [], []))).toBe('ban')
  })

  test('an unanswered audit bans a member still training: in the latest version or in the round from it', () => {
    expect(auditConsequence(verdict('unanswered'), replica(14, ['m', 'x'], ['x']))).toBe('ban')
    expect(auditConsequence(verdict('unanswered'), replica(14, ['x'], ['x', 'm']))).toBe('ban')
  })

  test('an unanswered audit of a member that has gone lapses', () => {
    expect(auditConsequence(verdict('unanswered'), replica(14, ['x'], ['x']))).toBe('lapse')
    // Nothing committed after the audited version: nothing shows it is still training.
    expect(auditConsequence(verdict('unanswered'), replica(10, ['m'], ['m']))).toBe('lapse')
  })
})
