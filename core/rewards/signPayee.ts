import type { Address, Hex, LocalAccount } from 'viem'
import { type PayeeRecord, payeeDomain, payeeTypes } from './payeeRecord.ts'

export type SignPayeeParameters = {
  /** The peer's session account; its address is the peer id. */
  account: Pick<LocalAccount, 'address' | 'signTypedData'>
  swarmId: Hex
  payee: Address
}

/** The record a peer writes under its own id in the doc's `payees` map. */
export async function signPayee({ account, swarmId, payee }: SignPayeeParameters): Promise<PayeeRecord> {
  const peer = account.address.toLowerCase()
  const signature = await account.signTypedData({
    domain: payeeDomain,
    types: payeeTypes,
    primaryType: 'Payee',
    message: { swarm: swarmId, peer: account.address, payee },
  })
  return { peer, payee, signature }
}
