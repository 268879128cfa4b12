import { BaseError } from '../errors/BaseError.ts'
import { syncedPeers } from './leaderView.ts'
import type { VersionRecord } from './records.ts'
import type { VolunteerContext } from './VolunteerContext.ts'
import type { Hex } from '../types/Hex.ts'

export class ForeignGenesisError extends BaseError {
  override name = 'ForeignGenesisError' as const
  constructor(
    readonly published: Hex,
    readonly computed: Hex,
  ) {
    super(
      `Version 0 of this swarm has hash ${published}, ` +
        `but this peer computed ${computed}: its code or manifest differs.`,
    )
  }
}

/** Pause after a failed state transfer before asking again: holders that failed once are likely gone or busy. */
const retryMs = 1000

/**
 * Brings this peer to the swarm's latest version: it adopts its own reported result when that is what the
 * leader committed, and otherwise fetches the committed state from a linked peer that holds it. With no holder
 * linked it waits for the links or the doc to change; after a failed transfer it waits `retryMs`.
 */
export function createCatchUp(context: VolunteerContext, onAdopted: (version: VersionRecord) => void) {
  const { options } = context
  let retryAt = Number.NEGATIVE_INFINITY
  let foreign: Hex | undefined

  return function catchUp(latest: VersionRecord) {
    const { held, pending } = context
    if (!held || (held.version === latest.version && held.hash === latest.hash)) return
    if (held.version === 0 && latest.version === 0) {
      if (foreign !== latest.hash) context.fail(new ForeignGenesisError((foreign = latest.hash), held.hash))
      return
    }
    if (
      pending &&
      pending.round + 1 === latest.version &&
      pending.attempt === latest.attempt &&
      pending.hash === latest.hash
    ) {
      context.hold({ version: latest.version, state: pending.state, hash: pending.hash, reported: true })
      context.pending = undefined
      context.emit({
        type: 'version',
        version: latest.version,
        hash: latest.hash,
        loss: latest.loss,
        members: latest.contributors.length,
        timings: pending.timings,
        contributed: true,
      })
      onAdopted(latest)
      return
    }
    if (held.version > latest.version || context.syncing) return
    const wait = retryAt - options.clock.now()
    if (wait > 0) return context.wakeAt(wait)
    const holders = syncedPeers(options.state, latest, options.links.peers())
    if (holders.length === 0) return context.setStatus('syncing')
    context.syncing = true
    context.setStatus('syncing')
    options
      .fetchState(latest, holders)
      .then(
        (fetched) => {
          context.hold({ version: latest.version, state: fetched, hash: latest.hash })
          context.pending = undefined
          context.emit({
            type: 'version',
            version: latest.version,
            hash: latest.hash,
            loss: latest.loss,
            members: latest.contributors.length,
            timings: undefined,
            contributed: false,
          })
        },
        (error: unknown) => {
          context.fail(error)
          retryAt = options.clock.now() + retryMs
        },
      )
      .finally(() => {
        context.syncing = false
        context.schedule()
      })
  }
}
