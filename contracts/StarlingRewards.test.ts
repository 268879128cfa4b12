// The rewards contract on a real anvil, driven the way the validator and the volunteer page drive it: receipts
// signed with viem in core/rewards, reverts decoded into sentences.
import fc from 'fast-check'
import { type Address, type Hex, erc20Abi, parseEventLogs, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decodeRewardsError } from '../core/rewards/decodeRewardsError.ts'
import { explainRevertedTransaction } from '../core/rewards/explainRevertedTransaction.ts'
import { hashReceipt } from '../core/rewards/hashReceipt.ts'
import { receiptDomainName, receiptDomainVersion } from '../core/rewards/receiptDomain.ts'
import type { Receipt } from '../core/rewards/receiptTypes.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { type RewardsRevert, RewardsRejectedError } from '../core/rewards/RewardsRejectedError.ts'
import { verifyReceipt } from '../core/rewards/verifyReceipt.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { type RewardsChain, startRewardsChain } from './testing/startRewardsChain.ts'
import { testAddress } from './testing/testAddress.ts'

const rate = 10n ** 15n
const deadline = 4_102_444_800n
let chain: RewardsChain
let solo: Hex
let trio: Hex

beforeAll(async () => {
  chain = await startRewardsChain()
  solo = await chain.createSwarm({ name: 'solo', threshold: 1, validatorCount: 1, rewardPerUnit: rate })
  trio = await chain.createSwarm({ name: 'trio', threshold: 2, validatorCount: 3, rewardPerUnit: rate })
})
afterAll(() => chain?.stop())

const receiptFor = (swarm: Hex, contributor: Address, totalUnits: bigint, at = deadline): Receipt => ({
  swarm,
  contributor,
  totalUnits,
  deadline: at,
})
const claimArgs = (receipt: Receipt, signatures: Hex) =>
  [receipt.swarm, receipt.contributor, receipt.totalUnits, receipt.deadline, signatures] as const
const balanceOf = (account: Address) =>
  chain.client.readContract({
    address: chain.deployment.token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [account],
  })

async function claim(receipt: Receipt, signatures: Hex) {
  const hash = await chain.client.writeContract({
    address: chain.deployment.rewards,
    abi: rewardsAbi,
    functionName: 'claim',
    args: claimArgs(receipt, signatures),
  })
  return chain.client.waitForTransactionReceipt({ hash })
}

/** What the contract says about a claim, without sending it: undefined if it would succeed. */
async function simulatedRevert(receipt: Receipt, signatures: Hex): Promise<RewardsRevert | undefined> {
  try {
    await chain.client.simulateContract({
      address: chain.deployment.rewards,
      abi: rewardsAbi,
      functionName: 'claim',
      args: claimArgs(receipt, signatures),
    })
    return undefined
  } catch (error) {
    const decoded = decodeRewardsError(error)
    if (!decoded) throw error
    return decoded.revert
  }
}

describe('receipt digest', () => {
  test('core/rewards computes the digest the contract computes', async () => {
    const { chainId, rewards } = chain.deployment
    const [, name, version, domainChainId, verifyingContract] = await chain.client.readContract({
      address: rewards,
      abi: rewardsAbi,
      functionName: 'eip712Domain',
    })
    expect({ name, version, chainId: Number(domainChainId), verifyingContract }).toEqual({
      name: receiptDomainName,
      version: receiptDomainVersion,
      chainId,
      verifyingContract: expect.stringMatching(new RegExp(rewards, 'i')),
    })
    const bytes = (length: number) =>
      fc.uint8Array({ minLength: length, maxLength: length }).map((value) => toHex(value))
    await fc.assert(
      fc.asyncProperty(
        bytes(32),
        bytes(20),
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        async (swarm, contributor, totalUnits, at) => {
          const onChain = await chain.client.readContract({
            address: rewards,
            abi: rewardsAbi,
            functionName: 'receiptDigest',
            args: [swarm, contributor, totalUnits, at],
          })
          expect(
            hashReceipt({ chainId, contract: rewards, receipt: receiptFor(swarm, contributor, totalUnits, at) }),
          ).toBe(onChain)
        },
      ),
      { numRuns: 30, seed: 5 },
    )
  })
})

describe('claim', () => {
  test('a viem-signed receipt pays exactly units × rate to the contributor, whoever submits it', async () => {
    const contributor = testAddress('e2e alice')
    const [, relayerAddress] = await chain.client.getAddresses()
    const relayer = rpcClient({
      rpcUrl: chain.anvil.rpcUrl,
      chainId: chain.deployment.chainId,
      account: relayerAddress!,
      pollingInterval: chain.anvil.pollingInterval,
    })
    const receipt = receiptFor(solo, contributor, 640n)
    const hash = await relayer.writeContract({
      address: chain.deployment.rewards,
      abi: rewardsAbi,
      functionName: 'claim',
      args: claimArgs(receipt, await chain.sign(receipt, 1)),
    })
    const mined = await relayer.waitForTransactionReceipt({ hash })
    expect(await balanceOf(contributor)).toBe(640n * rate)
    const [claimed] = parseEventLogs({ abi: rewardsAbi, eventName: 'Claimed', logs: mined.logs })
    expect(claimed?.args).toEqual({ swarm: solo, contributor, totalUnits: 640n, amount: 640n * rate })

    const later = receiptFor(solo, contributor, 1000n)
    await claim(later, await chain.sign(later, 1))
    expect(await balanceOf(contributor)).toBe(1000n * rate)
  })

  /** A 64-unit receipt of the solo swarm, already claimed once. */
  async function claimedReceipt(label: string) {
    const contributor = testAddress(label)
    const receipt = receiptFor(solo, contributor, 64n)
    const signatures = await chain.sign(receipt, 1)
    await claim(receipt, signatures)
    return { contributor, receipt, signatures }
  }

  test('a replayed receipt pays nothing, and the refusal reads as a sentence', async () => {
    const { contributor, receipt, signatures } = await claimedReceipt('e2e replay')
    expect(await simulatedRevert(receipt, signatures)).toEqual({
      errorName: 'NothingToClaim',
      args: [solo, contributor, 64n, 64n],
    })
    expect(await balanceOf(contributor)).toBe(64n * rate)
  })

  test('a mined revert is explained by re-running the transaction', async () => {
    const { contributor, receipt, signatures } = await claimedReceipt('e2e mined revert')
    // An explicit gas limit skips estimation, so the node mines the failing transaction.
    const hash = await chain.client.writeContract({
      address: chain.deployment.rewards,
      abi: rewardsAbi,
      functionName: 'claim',
      args: claimArgs(receipt, signatures),
      gas: 200_000n,
    })
    expect((await chain.client.waitForTransactionReceipt({ hash })).status).toBe('reverted')
    const explained = await explainRevertedTransaction({ client: chain.client, hash })
    expect(explained).toBeInstanceOf(RewardsRejectedError)
    expect(explained?.revert).toEqual({ errorName: 'NothingToClaim', args: [solo, contributor, 64n, 64n] })
    expect(explained?.shortMessage).toContain('has already been paid up to 64 units')
  })

  test('an expired receipt is refused with its deadline and the chain time', async () => {
    const { timestamp } = await chain.client.getBlock()
    const receipt = receiptFor(solo, testAddress('e2e expired'), 64n, timestamp - 1n)
    const revert = await simulatedRevert(receipt, await chain.sign(receipt, 1))
    expect(revert?.errorName).toBe('ReceiptExpired')
    expect(revert?.args[0]).toBe(timestamp - 1n)
  })

  test('verifyReceipt predicts the contract verdict for 2-of-3 signatures', async () => {
    const contributor = testAddress('e2e trio')
    const receipt = receiptFor(trio, contributor, 128n)
    const validators = chain.validators.slice(0, 3).map((validator) => validator.address)
    const two = await chain.sign(receipt, 2)
    const one = await chain.sign(receipt, 1)
    const strangerSigned = await chain.sign(receiptFor(trio, contributor, 129n), 2)
    for (const signatures of [one, `${one}${one.slice(2)}` as Hex, strangerSigned]) {
      const offChain = await verifyReceipt({
        chainId: chain.deployment.chainId,
        contract: chain.deployment.rewards,
        receipt,
        signatures,
        validators,
        threshold: 2,
      }).then(
        () => undefined,
        (error: RewardsRejectedError) => error.revert,
      )
      expect(offChain).toBeDefined()
      expect(await simulatedRevert(receipt, signatures)).toEqual(offChain)
    }
    await verifyReceipt({
      chainId: chain.deployment.chainId,
      contract: chain.deployment.rewards,
      receipt,
      signatures: two,
      validators,
      threshold: 2,
    })
    await claim(receipt, two)
    expect(await balanceOf(contributor)).toBe(128n * rate)
  })

  test('a batch settles many contributors in one transaction', async () => {
    const contributors = [0, 1, 2, 3].map((i) => testAddress(`e2e batch ${i}`))
    const receipts = await Promise.all(
      contributors.map(async (contributor, i) => {
        const receipt = receiptFor(trio, contributor, BigInt(64 * (i + 1)))
        return { contributor, totalUnits: receipt.totalUnits, deadline, signatures: await chain.sign(receipt, 2) }
      }),
    )
    const hash = await chain.client.writeContract({
      address: chain.deployment.rewards,
      abi: rewardsAbi,
      functionName: 'claimBatch',
      args: [trio, receipts],
    })
    const mined = await chain.client.waitForTransactionReceipt({ hash })
    expect(parseEventLogs({ abi: rewardsAbi, eventName: 'Claimed', logs: mined.logs })).toHaveLength(4)
    expect(await Promise.all(contributors.map(balanceOf))).toEqual([1n, 2n, 3n, 4n].map((k) => 64n * k * rate))
  })
})
