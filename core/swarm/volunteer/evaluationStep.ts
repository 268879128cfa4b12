// Held-out evaluation: every `evalEvery` versions (and the last) one contributor, the one the version's hash picks
// (evaluatorOf), evaluates the version it just adopted and publishes the result; every peer passes the newest
// result on as an event.

import { evaluatorOf } from '../authority/evaluatorOf.ts'
import type { VersionRecord } from '../records.ts'
import type { VolunteerView } from './VolunteerInput.ts'
import { act, emit, next, type Step, write } from './Step.ts'

/** The rotation's evaluator of a version this peer contributed to and now holds. */
export function onAdopted(step: Step, version: VersionRecord): Step {
  const { self, evalEvery, lastVersion } = step.state.config
  const due = version.version % evalEvery === 0 || version.version === lastVersion
  if (!due || evaluatorOf(version) !== self) return step
  return act(step, { type: 'evaluate', version: version.version, params: step.state.held!.state.params })
}

export function onEvaluated(
  step: Step,
  result: { version: number; accuracy: number; loss: number; samples: number },
  now: number,
): Step {
  return write(step, { map: 'evaluations', record: { ...result, peer: step.state.config.self, at: now } })
}

/** Passes the newest published evaluation on, once. */
export function relayEvaluations(step: Step, view: VolunteerView): Step {
  // Evaluations are never pruned: read the newest only, not (and verify) every one since the swarm began.
  const keys = view.doc
    .keys('evaluations')
    .map(Number)
    .filter((n) => n > step.state.relayedEvaluation)
    .sort((a, b) => b - a)
  for (const key of keys) {
    const newest = view.doc.get('evaluations', String(key))
    if (!newest) continue
    step = next(step, { relayedEvaluation: newest.version })
    return emit(step, { type: 'evaluation', version: newest.version, accuracy: newest.accuracy, loss: newest.loss })
  }
  return step
}
