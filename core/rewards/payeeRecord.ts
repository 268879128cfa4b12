// Payout identity. Contributions are recorded under a peer's ephemeral id (its session key's address), but
// rewards go to the volunteer's wallet: each peer declares that wallet, once, in the doc's `payees` map.
//
//   map     key       written by       value
//   payees  "<peer>"  the peer itself  PayeeRecord { peer, payee, signature }
//
// The signature is EIP-712 typed data, Payee(bytes32 swarm, address peer, address payee), made with the peer's
// session key, so no one else can point a peer's units at their own wallet, and a declaration made for one
// swarm means nothing in another. It is never checked on chain: the domain has no chain id or contract.
import type { Address, Hex, TypedDataDomain } from 'viem'

export type PayeeRecord = {
  /** The declaring peer's id: its session address in lowercase, as the swarm's records name it. */
  peer: string
  /** The wallet every unit of this peer is paid to. */
  payee: Address
  /** 65-byte signature by the peer's key over (swarm, peer, payee). */
  signature: Hex
}

export const payeeDomain = { name: 'Starling payee', version: '1' } as const satisfies TypedDataDomain

export const payeeTypes = {
  Payee: [
    { name: 'swarm', type: 'bytes32' },
    { name: 'peer', type: 'address' },
    { name: 'payee', type: 'address' },
  ],
} as const

/** The doc's map of payee declarations. */
export const payeesMapName = 'payees'
