// A proposer's launch from the browser code, in Node against anvil: approve, create, deposit from one wallet.
import { createPublicClient, createWalletClient, http, keccak256, parseAbi, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { RewardsRejectedError } from '../../../core/rewards/RewardsRejectedError.ts'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import { type RewardsChain, startRewardsChain } from '../../../contracts/testing/startRewardsChain.ts'
import { fundSwarm } from './fundSwarm.ts'

let chain: RewardsChain
beforeAll(async () => {
  chain = await startRewardsChain()
})
afterAll(() => chain?.stop())

const createsAndFunds =
  "creates the swarm with the manifest's terms and funds its escrow; a second launch is refused in " + 'words'
test(createsAndFunds, async () => {
  const proposer = privateKeyToAccount(keccak256(stringToHex('browser proposer')))
  await chain.client.request({ method: 'anvil_setBalance', params: [proposer.address, '0xde0b6b3a7640000'] } as never)
  await chain.mint(proposer.address, 5_000n)
  const client = createPublicClient({
    chain: chain.client.chain,
    transport: http(chain.anvil.rpcUrl),
    pollingInterval: 50,
  })
  const sender = createWalletClient({
    account: proposer,
    chain: chain.client.chain,
    transport: http(chain.anvil.rpcUrl),
  })
  const { chainId, rewards: contract, token } = chain.deployment
  const rewards = {
    chainId,
    contract,
    token,
    rewardPerUnit: '5',
    validators: [chain.validators[0]!.address],
    threshold: 1,
  }
  const swarmId = keccak256(stringToHex('browser launched swarm'))
  const launch = () => fundSwarm({ client, sender, contract, swarmId, rewards, deposit: 3_000n })
  expect((await launch()).transactions).toHaveLength(3)
  const swarm = await client.readContract({
    address: contract,
    abi: rewardsAbi,
    functionName: 'getSwarm',
    args: [swarmId],
  })
  expect(swarm).toMatchObject({ escrow: 3_000n, rewardPerUnit: 5n, threshold: 1, proposer: proposer.address })
  expect(
    await client.readContract({
      address: token,
      abi: parseAbi(['function balanceOf(address) view returns (uint256)']),
      functionName: 'balanceOf',
      args: [proposer.address],
    }),
  ).toBe(2_000n)
  const again = await launch().catch((error: unknown) => error)
  expect(again).toBeInstanceOf(RewardsRejectedError)
  expect((again as RewardsRejectedError).shortMessage).toBe(`A swarm with id ${swarmId} already exists.`)
})
