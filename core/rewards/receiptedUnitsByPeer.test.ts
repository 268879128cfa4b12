import { type Address, keccak256, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import type { PublishedEntry } from './assembleReceipt.ts'
import { encodeReceipt, receiptKey } from './publishedReceipt.ts'
import { receiptedUnitsByPeer } from './receiptedUnitsByPeer.ts'
import { signReceipt } from './signReceipt.ts'

const account = (label: string) => privateKeyToAccount(keccak256(stringToHex(`receiptedUnitsByPeer test ${label}`)))
type Account = ReturnType<typeof account>
const [a, b, stranger] = ['a', 'b', 'stranger'].map(account) as [Account, Account, Account]
const swarm = keccak256(stringToHex('swarm'))
const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const bob: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const rewards = {
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address,
  validators: [a.address, b.address],
  threshold: 2,
}
const now = 1_767_225_600n

async function entry(signer: Account, contributor: Address, totalUnits: bigint): Promise<PublishedEntry> {
  const receipt = { swarm, contributor, totalUnits, deadline: now + 86_400n }
  const { signature } = await signReceipt({ ...rewards, receipt, signer })
  return [receiptKey(contributor, signer.address), encodeReceipt({ receipt, signatures: signature })]
}

describe('receiptedUnitsByPeer', () => {
  test("each contributor's newest total any validator signed, below the threshold too", async () => {
    const entries = [await entry(a, alice, 704n), await entry(b, alice, 640n), await entry(b, bob, 64n)]
    expect(await receiptedUnitsByPeer({ swarm, rewards, entries, now })).toEqual(
      new Map([
        [alice, 704n],
        [bob, 64n],
      ]),
    )
  })

  test("entries no manifest validator signed, and keys that are not a contributor's, count for nothing", async () => {
    const entries: PublishedEntry[] = [
      await entry(stranger, alice, 6400n),
      ['not-an-address:0x00', { totalUnits: '1' }],
      [receiptKey(bob, a.address), 'garbage'],
    ]
    expect(await receiptedUnitsByPeer({ swarm, rewards, entries, now })).toEqual(new Map())
  })
})
