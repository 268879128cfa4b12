// What backs a committed version: the signed reports of its contributors, carried inside the version record so it
// can be checked for as long as the record exists (the doc's reports are pruned a few versions later, and a
// validator or late joiner reads versions long after).

import type { Hex } from '../../types/Hex.ts'
import { type Envelope, openRecord } from '../recordEnvelope.ts'
import { recordKey, type ReportRecord, type VersionRecord } from '../records.ts'

/** Verifying a report costs a signature recovery: each version record's evidence is verified once. */
const verdicts = new WeakMap<object, { swarmId: Hex; issue: string | undefined }>()

/**
 * Why `version`'s evidence does not back it, or undefined: more than half of its contributors must have signed a
 * report of this version, attempt and hash. Honest leaders commit only when every member reported; the rest
 * resync, so a majority is what a minority of faulty members cannot fake or withhold.
 */
export function evidenceIssue(swarmId: Hex, version: VersionRecord): string | undefined {
  const known = verdicts.get(version)
  if (known?.swarmId === swarmId) return known.issue
  const issue = check(swarmId, version)
  verdicts.set(version, { swarmId, issue })
  return issue
}

function check(swarmId: Hex, version: VersionRecord): string | undefined {
  const contributors = new Set(version.contributors)
  const backers = new Set<string>()
  for (const sealed of version.evidence) {
    const report = sealed.r as Partial<ReportRecord> | null
    if (typeof report !== 'object' || report === null) return 'evidence is not a signed report'
    const opened = openRecord(swarmId, 'reports', recordKey.reports(report as ReportRecord), sealed)
    if ('issue' in opened) return `evidence: ${opened.issue}`
    const r = opened.record
    if (r.version !== version.version || r.attempt !== version.attempt || r.hash !== version.hash)
      return 'evidence reports another result'
    if (!contributors.has(r.peer)) return 'evidence from a non-contributor'
    backers.add(r.peer)
  }
  return backers.size * 2 > contributors.size ? undefined : 'no quorum of reports'
}

/** The reports among `sealed` that back a commit of `hash`: what a leader puts in the version record. */
export function evidenceFor(hash: Hex, sealed: Iterable<Envelope<ReportRecord>>): Envelope<ReportRecord>[] {
  return [...sealed].filter((s) => s.r.hash === hash)
}
