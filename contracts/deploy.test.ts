import { type Address, keccak256, stringToHex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { RewardsRejectedError } from '../core/rewards/RewardsRejectedError.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { type Anvil, startAnvil } from './anvil.ts'
import { createSwarm } from './createSwarm.ts'
import { deployContracts } from './deploy.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { SetupTransactionError } from './waitForSuccess.ts'

let anvil: Anvil
beforeAll(async () => {
  anvil = await startAnvil()
})
afterAll(() => anvil?.stop())

const validator: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

test('deploys, then creates and funds the swarm of a manifest that names the deployed contracts', async () => {
  const deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, pollingInterval: anvil.pollingInterval })
  const { chainId, deployer, rewards, token } = deployment
  const manifest = demoManifest({
    rewards: {
      chainId,
      contract: rewards,
      proposer: deployer,
      token,
      rewardPerUnit: '5',
      validators: [validator],
      threshold: 1,
      claimWindow: 60,
    },
  })
  const id = swarmIdOf(manifest)
  await createSwarm({
    rpcUrl: anvil.rpcUrl,
    pollingInterval: anvil.pollingInterval,
    chainId,
    account: deployer,
    rewards,
    token,
    swarm: { id, validators: [validator], threshold: 1, rewardPerUnit: 5n, deposit: 1000n, claimWindow: 60 },
  })
  const client = rpcClient({ rpcUrl: anvil.rpcUrl, chainId, account: deployer, pollingInterval: anvil.pollingInterval })
  const swarm = await client.readContract({ address: rewards, abi: rewardsAbi, functionName: 'getSwarm', args: [id] })
  expect(swarm).toMatchObject({
    escrow: 1000n,
    rewardPerUnit: 5n,
    threshold: 1,
    status: 1,
    claimWindow: 60,
    proposer: deployer,
  })
  expect(swarm.token.toLowerCase()).toBe(token.toLowerCase())
  expect(
    await client.readContract({
      address: rewards,
      abi: rewardsAbi,
      functionName: 'isValidator',
      args: [id, validator],
    }),
  ).toBe(true)
})

test('creates the swarm during deployment when its id is known in advance', async () => {
  const id = keccak256(stringToHex('deploy test swarm'))
  const deployment = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    pollingInterval: anvil.pollingInterval,
    swarm: { id, validators: [validator], threshold: 1, rewardPerUnit: 5n, deposit: 10n },
  })
  expect(deployment).toMatchObject({ chainId: 31337, swarm: id })
  const client = rpcClient({
    rpcUrl: anvil.rpcUrl,
    chainId: deployment.chainId,
    account: deployment.deployer,
    pollingInterval: anvil.pollingInterval,
  })
  expect(
    (await client.readContract({ address: deployment.rewards, abi: rewardsAbi, functionName: 'getSwarm', args: [id] }))
      .escrow,
  ).toBe(10n)
})

test('refused swarm terms surface as the contract error, in words', async () => {
  const swarm = { id: keccak256(stringToHex('bad terms')), validators: [validator], threshold: 2, rewardPerUnit: 5n }
  const error = await deployContracts({ rpcUrl: anvil.rpcUrl, pollingInterval: anvil.pollingInterval, swarm }).catch(
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(SetupTransactionError)
  const cause = (error as SetupTransactionError).cause
  expect(cause).toBeInstanceOf(RewardsRejectedError)
  expect((cause as RewardsRejectedError).revert).toEqual({ errorName: 'InvalidThreshold', args: [2n, 1n] })
  expect((error as Error).message).toContain('A threshold of 2 does not fit 1 validators')
})
