// Writes a committed chain of versions into a swarm doc as its leaders would, by the rules readers and the
// validator apply (core/testing/createChainWriter.ts), for validator tests. A test peer carries its viem account
// too, to sign its payee declaration.
import { type Hex, keccak256, stringToHex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import type * as Y from 'yjs'
import { createKeySigner } from '../../core/swarm/recordSignature.ts'
import { createChainWriter } from '../../core/testing/createChainWriter.ts'
import type { PeerId } from '../../core/types/PeerId.ts'

export type TestPeer = { id: PeerId; key: Hex; account: PrivateKeyAccount }

export function testPeer(label: string): TestPeer {
  const key = keccak256(stringToHex(`validator test peer ${label}`))
  const account = privateKeyToAccount(key)
  return { id: account.address.toLowerCase(), key, account }
}

export function createVersionWriter(doc: Y.Doc, swarmId: Hex, batchSize = 64) {
  const chain = createChainWriter(doc, swarmId, { batchSize })
  const signerOf = (peer: TestPeer) => createKeySigner(peer.key)
  return {
    /** Commits the next version with these contributors; `announce: false` leaves out their presence records,
     * which readers need before they accept the version. */
    commit(contributors: readonly TestPeer[], { announce = true } = {}) {
      return chain.commit(contributors.map(signerOf), { announce })
    },
    present: (peer: TestPeer) => chain.present(signerOf(peer)),
  }
}
