// A volunteer's claim from the browser code, in Node against anvil: from a wallet with ether, through the relay
// for one without, and refused in words when nothing is left.
import { type Address, type Hex, createPublicClient, createWalletClient, http, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RewardsRejectedError } from '../../../core/rewards/RewardsRejectedError.ts'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { type RewardsChain, startRewardsChain } from '../../../contracts/testing/startRewardsChain.ts'
import { createRelayer } from '../../../validator/createRelayer.ts'
import { createValidatorServer, type ValidatorServer } from '../../../validator/createValidatorServer.ts'
import { claimRewards } from './claimRewards.ts'

const rate = 10n ** 15n
let chain: RewardsChain
let swarm: Hex
let server: ValidatorServer
beforeAll(async () => {
  chain = await startRewardsChain()
  swarm = await chain.createSwarm({ name: 'browser claim swarm', threshold: 1, validatorCount: 1, rewardPerUnit: rate })
  const { chainId, rewards: contract, token, deployer } = chain.deployment
  const relayer = createRelayer({
    client: chain.client,
    swarmId: swarm,
    rewards: {
      chainId,
      contract,
      proposer: deployer,
      token,
      rewardPerUnit: String(rate),
      validators: [chain.validators[0]!.address],
      threshold: 1,
      claimWindow: 3600,
    },
    now: Date.now,
    pollingIntervalMs: 50,
  })
  server = await createValidatorServer({
    host: '127.0.0.1',
    port: 0,
    validator: chain.validators[0]!.address,
    peers: () => 0,
    log: () => undefined,
    swarm: (id) =>
      id === swarm.toLowerCase()
        ? { receiptFor: () => undefined, relayer, maxBodyBytes: 2_048, audits: undefined }
        : undefined,
    swarms: () => [swarm],
    refusal: () => undefined,
    refused: () => [],
  })
})
afterAll(async () => {
  await server?.close()
  await chain?.stop()
})

function volunteer(key: Hex) {
  const account = privateKeyToAccount(key)
  const sender = createWalletClient({ account, chain: chain.client.chain, transport: http(chain.anvil.rpcUrl) })
  return { address: account.address, sender }
}
const client = () =>
  createPublicClient({ chain: chain.client.chain, transport: http(chain.anvil.rpcUrl), pollingInterval: 50 })
const balance = (owner: Address) =>
  chain.client.readContract({
    address: chain.deployment.token,
    abi: parseAbi(['function balanceOf(address) view returns (uint256)']),
    functionName: 'balanceOf',
    args: [owner],
  })
async function signed(contributor: Address, totalUnits: bigint): Promise<SignedReceipt> {
  const receipt = { swarm, contributor, totalUnits, deadline: BigInt(Math.floor(Date.now() / 1000) + 3_600) }
  return { receipt, signatures: await chain.sign(receipt, 1) }
}

describe('claimRewards', () => {
  test("sends from the volunteer's wallet when it holds ether for gas", async () => {
    const { address, sender } = volunteer('0x1111111111111111111111111111111111111111111111111111111111111111')
    await chain.client.request({ method: 'anvil_setBalance', params: [address, '0xde0b6b3a7640000'] } as never)
    const result = await claimRewards({
      client: client(),
      sender,
      contract: chain.deployment.rewards,
      signed: await signed(address, 640n),
      validatorUrl: server.url,
    })
    expect(result).toMatchObject({ amount: 640n * rate, relayed: false })
    expect(await balance(address)).toBe(640n * rate)
  })

  const relayedWithoutEther =
    'has the validator send it when the wallet holds no ether, and the tokens still go to the volunteer'
  test(relayedWithoutEther, async () => {
    const { address, sender } = volunteer('0x2222222222222222222222222222222222222222222222222222222222222222')
    const result = await claimRewards({
      client: client(),
      sender,
      contract: chain.deployment.rewards,
      signed: await signed(address, 128n),
      validatorUrl: server.url,
    })
    expect(result).toMatchObject({ amount: 128n * rate, relayed: true })
    expect(await balance(address)).toBe(128n * rate)
  })

  test('says in words that nothing is left, before sending anything', async () => {
    const { address, sender } = volunteer('0x2222222222222222222222222222222222222222222222222222222222222222')
    const error = await claimRewards({
      client: client(),
      sender,
      contract: chain.deployment.rewards,
      signed: await signed(address, 128n),
      validatorUrl: server.url,
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RewardsRejectedError)
    expect((error as RewardsRejectedError).shortMessage).toBe(
      `Nothing to claim: ${address} has already been paid up to 128 units, and this receipt covers 128.`,
    )
  })
})
