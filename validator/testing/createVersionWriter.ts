// Writes a plausible, signed chain of committed versions into a swarm doc, as the swarm's leaders would: each
// contributor announces its presence, version 0 has no contributors, and each version's sample offset follows
// from the previous one (core/swarm/recordPlausibility.ts). For validator tests.
import { type Hex, keccak256, stringToHex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import type * as Y from 'yjs'
import { createSwarmState, type SwarmState } from '../../core/swarm/createSwarmState.ts'
import { createKeySigner } from '../../core/swarm/recordSignature.ts'
import type { PeerId } from '../../core/types/PeerId.ts'

export type TestPeer = { id: PeerId; key: Hex; account: PrivateKeyAccount }

export function testPeer(label: string): TestPeer {
  const key = keccak256(stringToHex(`validator test peer ${label}`))
  const account = privateKeyToAccount(key)
  return { id: account.address.toLowerCase(), key, account }
}

export function createVersionWriter(doc: Y.Doc, swarmId: Hex, batchSize = 64) {
  const states = new Map<PeerId, SwarmState>()
  const stateOf = (peer: TestPeer) => {
    let state = states.get(peer.id)
    if (!state) states.set(peer.id, (state = createSwarmState(doc, { swarmId, signer: createKeySigner(peer.key) })))
    return state
  }
  const hash: Hex = `0x${'00'.repeat(32)}`
  let version = -1
  let nextOffset = 0
  const put = (leader: TestPeer, contributors: readonly TestPeer[]) => {
    version++
    nextOffset += contributors.length * batchSize
    const ids = contributors.map((peer) => peer.id)
    stateOf(leader).put('versions', {
      version,
      hash,
      round: version - 1,
      attempt: 0,
      contributors: ids,
      batchSize,
      nextOffset,
      loss: 1,
      signer: leader.id,
      at: version,
    })
  }
  const present = (peer: TestPeer) => {
    if (!stateOf(peer).stored('presence', peer.id))
      stateOf(peer).put('presence', { peer: peer.id, version: -1, hash: null, active: true, backend: 'cpu', at: 0 })
  }
  return {
    /** Commits the next version with these contributors, led by the first; `announce: false` leaves out their
     * presence records, which readers need before they accept the version. */
    commit(contributors: readonly TestPeer[], { announce = true } = {}) {
      const leader = contributors[0]!
      if (announce) contributors.forEach(present)
      if (version < 0) put(leader, [])
      put(leader, contributors)
    },
    present,
  }
}
