// This peer's presence record: which verified version it holds (or -1 while syncing), whether it trains, and on
// which backend. Re-signed only when one of those changes.

import type { VolunteerView } from './VolunteerInput.ts'
import { wantsToTrain } from './VolunteerState.ts'
import { next, type Step, write } from './Step.ts'

export function publishPresence(step: Step, view: VolunteerView): Step {
  const { held, syncing, published: last, config } = step.state
  const record = {
    peer: config.self,
    version: syncing ? -1 : held!.version,
    hash: syncing ? null : held!.hash,
    active: wantsToTrain(step.state),
    backend: config.backend,
  }
  if (
    last &&
    last.version === record.version &&
    last.hash === record.hash &&
    last.active === record.active &&
    last.backend === record.backend
  )
    return step
  // A member that adopted its own committed result is known to hold it by its report (syncedPeers): re-signing
  // presence for that alone would cost every peer one more signature recovery per member and round.
  if (
    held!.reported &&
    !syncing &&
    last &&
    last.version >= 0 &&
    last.active === record.active &&
    last.backend === record.backend
  )
    return step
  return write(next(step, { published: record }), { map: 'presence', record: { ...record, at: view.now } })
}
