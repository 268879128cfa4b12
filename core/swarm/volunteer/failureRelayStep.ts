import { keyNumber, type VersionRecord } from '../records.ts'
import type { VolunteerView } from './VolunteerInput.ts'
import { emit, next, type Step } from './Step.ts'

/**
 * Passes failed attempts of the current round on as events. Every survivor records the failure, naming the same
 * culprit and cause (the all-reduce fails all members alike): one event per failed attempt, not one per reporter.
 */
export function relayFailures(step: Step, latest: VersionRecord, view: VolunteerView): Step {
  let relayed = step.state.relayedFailures
  const events = []
  for (const f of view.doc.values('failures', (key) => keyNumber(key) >= latest.version)) {
    const key = `${f.round}:${f.attempt}`
    if (f.round < latest.version || relayed.has(key)) continue
    relayed = new Set([...relayed].filter((k) => Number(k.split(':')[0]) >= latest.version)).add(key)
    events.push({ type: 'failure' as const, round: f.round, attempt: f.attempt, culprit: f.culprit, cause: f.cause })
  }
  return events.length === 0 ? step : emit(next(step, { relayedFailures: relayed }), ...events)
}
