import { type Address, keccak256, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import type { PublishedEntry } from './assembleReceipt.ts'
import { encodeReceipt, receiptKey } from './publishedReceipt.ts'
import { receiptedUnitsByPeer } from './receiptedUnitsByPeer.ts'
import { signPayee } from './signPayee.ts'
import { signReceipt } from './signReceipt.ts'

const account = (label: string) => privateKeyToAccount(keccak256(stringToHex(`receiptedUnitsByPeer test ${label}`)))
type Account = ReturnType<typeof account>
const [a, b, stranger] = ['a', 'b', 'stranger'].map(account) as [Account, Account, Account]
const [alice, bob, carol] = ['alice', 'bob', 'carol'].map(account) as [Account, Account, Account]
const swarm = keccak256(stringToHex('swarm'))
const aliceWallet: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const bobWallet: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const rewards = {
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address,
  validators: [a.address, b.address],
  threshold: 2,
}
const now = 1_767_225_600n
const peerOf = (peer: Account) => peer.address.toLowerCase()

async function receipt(signer: Account, contributor: Address, totalUnits: bigint): Promise<PublishedEntry> {
  const signed = { swarm, contributor, totalUnits, deadline: now + 86_400n }
  const { signature } = await signReceipt({ ...rewards, receipt: signed, signer })
  return [receiptKey(contributor, signer.address), encodeReceipt({ receipt: signed, signatures: signature })]
}
async function payee(peer: Account, wallet: Address): Promise<PublishedEntry> {
  const record = await signPayee({ account: peer, swarmId: swarm, payee: wallet })
  return [record.peer, record]
}

describe('receiptedUnitsByPeer', () => {
  test("each peer gets its payee's newest total any validator signed, below the threshold too", async () => {
    const payees = [await payee(alice, aliceWallet), await payee(bob, bobWallet), await payee(carol, aliceWallet)]
    const receipts = [
      await receipt(a, aliceWallet, 704n),
      await receipt(b, aliceWallet, 640n),
      await receipt(b, bobWallet, 64n),
    ]
    expect(await receiptedUnitsByPeer({ swarm, rewards, payees, receipts, now })).toEqual(
      new Map([
        [peerOf(alice), 704n],
        [peerOf(bob), 64n],
        // Carol declared Alice's wallet: the receipt is the wallet's.
        [peerOf(carol), 704n],
      ]),
    )
  })

  test('unsigned receipts, forged declarations and peers without receipts count for nothing', async () => {
    const forged = await signPayee({ account: stranger, swarmId: swarm, payee: bobWallet })
    const payees: PublishedEntry[] = [
      await payee(alice, aliceWallet),
      [peerOf(bob), { ...forged, peer: peerOf(bob) }],
      await payee(carol, '0x90F79bf6EB2c4f870365E785982E1f101E93b906'),
      ['garbage', 1],
    ]
    const receipts = [await receipt(stranger, aliceWallet, 6400n), await receipt(a, bobWallet, 64n)]
    expect(await receiptedUnitsByPeer({ swarm, rewards, payees, receipts, now })).toEqual(new Map())
  })
})
