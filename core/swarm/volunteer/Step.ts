// A volunteer's step in the making: the state so far and the actions asked for so far. Every part of
// stepVolunteer takes one and returns the next, never changing the one it was given.

import { serializeError } from '../../errors/BaseError.ts'
import type { RecordPut, VolunteerAction } from './VolunteerAction.ts'
import type { VolunteerEvent } from './VolunteerEvent.ts'
import type { VolunteerState, VolunteerStatus } from './VolunteerState.ts'

export type Step = { readonly state: VolunteerState; readonly actions: readonly VolunteerAction[] }

export const nothing = (state: VolunteerState): Step => ({ state, actions: [] })

export const next = (step: Step, patch: Partial<VolunteerState>, ...actions: VolunteerAction[]): Step => ({
  state: { ...step.state, ...patch },
  actions: actions.length === 0 ? step.actions : [...step.actions, ...actions],
})

export const act = (step: Step, ...actions: VolunteerAction[]): Step => next(step, {}, ...actions)

export const emit = (step: Step, ...events: VolunteerEvent[]): Step =>
  act(step, ...events.map((event): VolunteerAction => ({ type: 'emit', event })))

/** Reports an error as an event; the volunteer carries on. */
export const reportError = (step: Step, error: unknown): Step =>
  emit(step, { type: 'error', error: serializeError(error) })

export const write = (step: Step, ...puts: RecordPut[]): Step => act(step, { type: 'write', puts })

export const withStatus = (step: Step, status: VolunteerStatus): Step =>
  status === step.state.status ? step : emit(next(step, { status }), { type: 'status', status })
