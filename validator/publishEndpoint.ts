// Publishes where this validator takes audit reveals (the doc's `endpoints` map, signed with its account), and puts
// it back whenever it is gone or another value sits under its key: Yjs lets anyone delete or overwrite, and pages
// that cannot find the endpoint cannot answer audits, which would cost honest members their units.
import type { Hex, LocalAccount } from 'viem'
import type { SwarmState } from '../core/swarm/createSwarmState.ts'
import { writeValidatorRecord } from './writeValidatorRecord.ts'

export type PublishEndpointParameters = {
  state: SwarmState
  swarmId: Hex
  account: Pick<LocalAccount, 'address' | 'signMessage'>
  url: string
  now: () => number
  onError: (error: unknown) => void
}

export function publishEndpoint({ state, swarmId, account, url, now, onError }: PublishEndpointParameters) {
  const validator = account.address.toLowerCase()
  let writing = false
  const check = () => {
    if (writing || state.get('endpoints', validator)?.url === url) return
    writing = true
    writeValidatorRecord(state, swarmId, account, 'endpoints', { validator, url, at: now() })
      .catch(onError)
      .finally(() => (writing = false))
  }
  const unsubscribe = state.observe(check)
  check()
  return { close: unsubscribe }
}
