import { type Address, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RewardSpec } from '../core/manifest/Manifest.ts'
import type { Receipt } from '../core/rewards/receiptTypes.ts'
import { encodeReceipt } from '../core/rewards/publishedReceipt.ts'
import { type RewardsChain, startRewardsChain } from '../contracts/testing/startRewardsChain.ts'
import { testAddress } from '../contracts/testing/testAddress.ts'
import { createRelayer, type Relayer } from './createRelayer.ts'
import { RelayRefusedError } from './RelayRefusedError.ts'

const rate = 10n ** 15n
const balanceAbi = parseAbi(['function balanceOf(address) view returns (uint256)'])
let chain: RewardsChain
let relayer: Relayer
let swarm: `0x${string}`
let receiptFor: (contributor: Address, totalUnits: bigint, deadline?: bigint) => Promise<unknown>

beforeAll(async () => {
  chain = await startRewardsChain()
  swarm = await chain.createSwarm({ name: 'relay test swarm', threshold: 1, validatorCount: 1, rewardPerUnit: rate })
  const { chainId, rewards: contract, token, deployer } = chain.deployment
  const rewards: RewardSpec = {
    chainId,
    contract,
    proposer: deployer,
    token,
    rewardPerUnit: rate.toString(),
    validators: [chain.validators[0]!.address],
    threshold: 1,
    claimWindow: 3600,
  }
  // The deployer (anvil's unlocked account #0) pays the gas, as a validator's funded key would.
  relayer = createRelayer({ client: chain.client, swarmId: swarm, rewards, now: Date.now, pollingIntervalMs: 50 })
  receiptFor = async (contributor, totalUnits, deadline = BigInt(Math.floor(Date.now() / 1000) + 3_600)) => {
    const receipt: Receipt = { swarm, contributor, totalUnits, deadline }
    return JSON.parse(JSON.stringify(encodeReceipt({ receipt, signatures: await chain.sign(receipt, 1) })))
  }
})
afterAll(() => chain?.stop())

const balance = (owner: Address) =>
  chain.client.readContract({
    address: chain.deployment.token,
    abi: balanceAbi,
    functionName: 'balanceOf',
    args: [owner],
  })

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(RelayRefusedError)
  return { status: (error as RelayRefusedError).status, message: (error as RelayRefusedError).shortMessage }
}

describe('createRelayer', () => {
  test("pays the receipt's contributor exactly units × rate, once", async () => {
    const volunteer = testAddress('relay volunteer')
    const result = await relayer.relay(await receiptFor(volunteer, 640n))
    expect(result).toMatchObject({ contributor: volunteer, totalUnits: 640n, amount: 640n * rate })
    expect(await balance(volunteer)).toBe(640n * rate)
    const again = await refusal(relayer.relay(await receiptFor(volunteer, 640n)))
    expect(again).toEqual({
      status: 422,
      message: `Nothing to claim: ${volunteer} has already been paid up to 640 units, and this receipt covers 640.`,
    })
    await relayer.relay(await receiptFor(volunteer, 704n))
    expect(await balance(volunteer)).toBe(704n * rate)
  })

  test('refuses before spending gas: malformed, other swarm, tampered, expired, unsigned', async () => {
    const volunteer = testAddress('relay refusals')
    const good = (await receiptFor(volunteer, 64n)) as Record<string, string>
    expect(await refusal(relayer.relay('not a receipt'))).toMatchObject({ status: 400 })
    expect(await refusal(relayer.relay({ ...good, totalUnits: 64 }))).toMatchObject({
      status: 400,
      message: 'Malformed receipt: totalUnits is not a decimal string.',
    })
    expect(await refusal(relayer.relay({ ...good, swarm: `0x${'12'.repeat(32)}` }))).toMatchObject({ status: 404 })
    const redirected = await refusal(relayer.relay({ ...good, contributor: testAddress('thief') }))
    expect(redirected.status).toBe(422)
    expect(redirected.message).toMatch(
      /^Signature 0 recovers to 0x[0-9a-fA-F]{40}, which is not a validator of this swarm/,
    )
    expect(await refusal(relayer.relay({ ...good, totalUnits: '6400' }))).toMatchObject({ status: 422 })
    expect(await refusal(relayer.relay(await receiptFor(volunteer, 64n, 1_000n)))).toMatchObject({
      status: 422,
      message: expect.stringMatching(/^The receipt expired at 1970-01-01T00:16:40.000Z/),
    })
    expect(await refusal(relayer.relay({ ...good, signatures: '0x' }))).toMatchObject({
      status: 422,
      message: 'The receipt carries 0 validator signatures; this swarm needs 1.',
    })
    expect(await balance(volunteer)).toBe(0n)
  })

  test('one claim per contributor at a time', async () => {
    const volunteer = testAddress('relay concurrency')
    const bodies = [await receiptFor(volunteer, 64n), await receiptFor(volunteer, 128n)]
    const outcomes = await Promise.allSettled(bodies.map((body) => relayer.relay(body)))
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? 200 : (o.reason as RelayRefusedError).status))).toEqual([
      200, 429,
    ])
  })
})
