import { type Address, type Hex, keccak256, stringToHex, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { assembleReceipt, keptPerValidator, type PublishedEntry } from './assembleReceipt.ts'
import { encodeReceipt, receiptKey } from './publishedReceipt.ts'
import type { Receipt } from './receiptTypes.ts'
import { signReceipt } from './signReceipt.ts'
import { verifyReceipt } from './verifyReceipt.ts'

const account = (label: string) => privateKeyToAccount(keccak256(stringToHex(`assembleReceipt test ${label}`)))
const [a, b, c] = ['a', 'b', 'c'].map(account) as [ReturnType<typeof account>, ...ReturnType<typeof account>[]]
const stranger = account('stranger')
const swarm = keccak256(stringToHex('swarm'))
const contributor: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const rewards = {
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address,
  validators: [a, b!, c!].map((v) => v.address),
  threshold: 2,
}
const now = 1_767_225_600n
const deadline = now + 7n * 86_400n
const receiptOf = (totalUnits: bigint, changes: Partial<Receipt> = {}): Receipt => ({
  swarm,
  contributor,
  totalUnits,
  deadline,
  ...changes,
})

type Signer = typeof a
/** What `signer` publishes in the doc for `receipt`, under its own key unless `key` says otherwise. */
async function entry(
  signer: Signer,
  receipt: Receipt,
  options: { key?: string; domain?: { chainId: number; contract: Address } } = {},
): Promise<PublishedEntry> {
  const { chainId, contract } = options.domain ?? rewards
  const { signature } = await signReceipt({ chainId, contract, receipt, signer })
  return [options.key ?? receiptKey(contributor, signer.address), encodeReceipt({ receipt, signatures: signature })]
}
const assemble = (entries: Iterable<PublishedEntry>, threshold = rewards.threshold) =>
  assembleReceipt({ swarm, contributor, rewards: { ...rewards, threshold }, entries, now })

describe('assembleReceipt', () => {
  test('packs the highest total the threshold signed alike, as the contract would accept it', async () => {
    const entries = [
      await entry(a, receiptOf(704n)),
      await entry(b!, receiptOf(640n)),
      await entry(c!, receiptOf(640n)),
    ]
    const result = await assemble(entries)
    expect(result.signed?.receipt).toEqual(receiptOf(640n))
    const signers = await verifyReceipt({
      ...rewards,
      receipt: receiptOf(640n),
      signatures: result.signed!.signatures,
      now,
    })
    expect(new Set(signers)).toEqual(new Set([b!.address, c!.address]))
    expect(result.newest).toEqual({ receipt: receiptOf(704n), signers: [a.address] })
    expect(result.status).toBe(
      '640 units signed by 2 validators (2 needed); 1 signed 704 so far, claimable once 2 have.',
    )
    expect(result.ignored).toEqual([])
  })

  test('packs exactly the threshold, lowest addresses first, when more signed', async () => {
    const all = [a, b!, c!]
    const result = await assemble(await Promise.all(all.map((v) => entry(v, receiptOf(640n)))))
    const lowest = all.map((v) => v.address).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1))
    expect(
      await verifyReceipt({ ...rewards, receipt: receiptOf(640n), signatures: result.signed!.signatures }),
    ).toEqual(lowest.slice(0, 2))
    expect(result.status).toBe('640 units signed by 3 validators (2 needed).')
  })

  test('waits, and says so, until the threshold signed the same total', async () => {
    const result = await assemble([await entry(a, receiptOf(640n))])
    expect(result.signed).toBeUndefined()
    expect(result.status).toBe(
      '1 of 2 validators have signed 640 units; the claim waits until 2 have signed the same total ' +
        '(they sign a moment apart).',
    )
    expect((await assemble([])).status).toMatch(/^No validator has signed a receipt for you yet/)
  })

  test('a validator that moved on still counts for the total it signed before, through `keep`', async () => {
    const first = await assemble([await entry(a, receiptOf(640n)), await entry(b!, receiptOf(576n))])
    expect(first.signed).toBeUndefined()
    // The doc now holds only the newest of each: a at 704, b at 640.
    const doc = [await entry(a, receiptOf(704n)), await entry(b!, receiptOf(640n))]
    expect((await assemble(doc)).signed).toBeUndefined()
    const second = await assemble([...doc, ...first.keep])
    expect(second.signed?.receipt.totalUnits).toBe(640n)
    // Below the pick nothing is kept; the pick and what is above it are, each once.
    expect(second.keep.map(([, value]) => (value as { totalUnits: string }).totalUnits).sort()).toEqual([
      '640',
      '640',
      '704',
    ])
    const third = await assemble([...doc, ...second.keep])
    expect(third.signed).toEqual(second.signed)
    expect(third.ignored).toEqual([])
  })

  test('the same total with different deadlines is two receipts', async () => {
    const entries = [await entry(a, receiptOf(640n)), await entry(b!, receiptOf(640n, { deadline: deadline + 3_600n }))]
    expect((await assemble(entries)).signed).toBeUndefined()
  })

  test('threshold 1: any one validator’s receipt is claimable', async () => {
    const result = await assemble([await entry(b!, receiptOf(640n))], 1)
    expect(result.signed?.receipt.totalUnits).toBe(640n)
    expect(result.status).toBe('640 units signed by 1 validator (1 needed).')
  })

  test('lying entries never count, and each is reported', async () => {
    const honest = await entry(a, receiptOf(640n))
    const [, good] = honest as [string, Record<string, string>]
    const keyOf = (signer: Signer) => receiptKey(contributor, signer.address)
    // s in the upper half of the curve order: the contract refuses it (no compact twin of a real signature fits
    // in 255 bits, but the check must hold anyway).
    const high = `${good.signatures!.slice(0, 66)}${toHex(2n ** 255n - 1n, { size: 32 }).slice(2)}` as Hex
    const lies: [PublishedEntry, string][] = [
      [await entry(stranger, receiptOf(6_400n), { key: keyOf(b!) }), 'not-a-validator'],
      [await entry(stranger, receiptOf(6_400n), { key: receiptKey(contributor, stranger.address) }), 'not-a-validator'],
      [[keyOf(b!), good], 'misplaced'], // a's real signature copied into b's slot: still one signer
      [await entry(b!, receiptOf(640n, { swarm: keccak256(stringToHex('other swarm')) })), 'other-swarm'],
      [await entry(b!, receiptOf(640n, { contributor: stranger.address }), { key: keyOf(b!) }), 'other-contributor'],
      [await entry(b!, receiptOf(640n), { domain: { ...rewards, chainId: 1 } }), 'not-a-validator'],
      [[keyOf(b!), { ...good, totalUnits: '6400' }], 'not-a-validator'], // a's signature, another total
      [[keyOf(a), { ...good, signatures: high }], 'invalid-signature'],
      [[keyOf(b!), { ...good, signatures: `${good.signatures!}${good.signatures!.slice(2)}` }], 'malformed'],
      [[keyOf(b!), { ...good, signatures: '0x1234' }], 'malformed'],
      [[keyOf(b!), 'text'], 'malformed'],
      [[keyOf(b!), { ...good, totalUnits: 640 }], 'malformed'],
      [await entry(b!, receiptOf(640n, { deadline: now - 1n })), 'expired'],
    ]
    const result = await assemble([honest, ...lies.map(([lie]) => lie)])
    expect(result.signed).toBeUndefined()
    expect(result.newest).toEqual({ receipt: receiptOf(640n), signers: [a.address] })
    expect(result.ignored.map(({ reason }) => reason)).toEqual(lies.map(([, reason]) => reason))
    expect(result.keep).toEqual([honest])
    // The honest entry twice is still one signer; another contributor's entries are not even looked at.
    const others = await assemble([honest, honest, [`0x${'00'.repeat(20)}:${a.address.toLowerCase()}`, 'text']])
    expect(others.signed).toBeUndefined()
    expect(others.ignored).toEqual([])
  })

  test('keeps at most the newest few totals of a validator that runs ahead alone', async () => {
    const entries = await Promise.all(Array.from({ length: 20 }, (_, i) => entry(a, receiptOf(BigInt(64 * (i + 1))))))
    const result = await assemble(entries)
    expect(result.keep).toHaveLength(keptPerValidator)
    expect(result.keep[0]).toEqual(entries[19])
  })
})
