// A proposer's launch from the browser code, in Node against anvil: create, approve, deposit from one wallet; a retry
// of its own launch tops the escrow up; an id someone else created first is refused in words, with nothing sent.
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  keccak256,
  stringToHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RewardSpec } from '../../../core/manifest/Manifest.ts'
import { rewardsAbi } from '../../../chain/rewardsAbi.ts'
import { type RewardsChain, startRewardsChain } from '../../../contracts/testing/startRewardsChain.ts'
import { fundSwarm } from './fundSwarm.ts'
import { SwarmIdTakenError } from './SwarmIdTakenError.ts'

let chain: RewardsChain
beforeAll(async () => {
  chain = await startRewardsChain()
})
afterAll(() => chain?.stop())

/** A browser wallet with ether and `tokens` of the reward token, and the clients the launch page would hold. */
async function wallet(label: string, tokens: bigint) {
  const account = privateKeyToAccount(keccak256(stringToHex(label)))
  await chain.client.request({ method: 'anvil_setBalance', params: [account.address, '0xde0b6b3a7640000'] } as never)
  if (tokens > 0n) await chain.mint(account.address, tokens)
  const client = createPublicClient({
    chain: chain.client.chain,
    transport: http(chain.anvil.rpcUrl),
    pollingInterval: 50,
  })
  const sender = createWalletClient({ account, chain: chain.client.chain, transport: http(chain.anvil.rpcUrl) })
  return { account, client, sender }
}
const termsOf = (proposer: Address): RewardSpec => {
  const { chainId, rewards: contract, token } = chain.deployment
  return {
    chainId,
    contract,
    proposer,
    token,
    rewardPerUnit: '5',
    validators: [chain.validators[0]!.address],
    threshold: 1,
    claimWindow: 600,
  }
}
const balanceOf = (owner: Address) =>
  chain.client.readContract({
    address: chain.deployment.token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })
const swarmOf = (id: Hex) =>
  chain.client.readContract({
    address: chain.deployment.rewards,
    abi: rewardsAbi,
    functionName: 'getSwarm',
    args: [id],
  })

test("creates the swarm with the manifest's terms and funds its escrow; a retried launch only tops it up", async () => {
  const { account, client, sender } = await wallet('browser proposer', 5_000n)
  const contract = chain.deployment.rewards
  const swarmId = keccak256(stringToHex('browser launched swarm'))
  const rewards = termsOf(account.address)
  const launch = () => fundSwarm({ client, sender, contract, swarmId, rewards, deposit: 1_500n })
  expect((await launch()).transactions).toHaveLength(3)
  expect(await swarmOf(swarmId)).toMatchObject({
    escrow: 1_500n,
    rewardPerUnit: 5n,
    threshold: 1,
    claimWindow: 600,
    proposer: account.address,
  })
  // The id is on chain with the manifest's terms: its own swarm, so no second createSwarm, just the deposit.
  expect((await launch()).transactions).toHaveLength(2)
  expect((await swarmOf(swarmId)).escrow).toBe(3_000n)
  expect(await balanceOf(account.address)).toBe(2_000n)
})

test('refuses an id someone else created first with terms of their own, sending nothing', async () => {
  const proposer = await wallet('squatted proposer', 1_000n)
  const squatter = await wallet('squatter', 0n)
  const contract = chain.deployment.rewards
  const swarmId = keccak256(stringToHex('squatted swarm'))
  const rewards = termsOf(proposer.account.address)
  await fundSwarm({
    ...squatter,
    contract,
    swarmId,
    rewards: { ...termsOf(squatter.account.address), rewardPerUnit: '1', claimWindow: 0 },
    deposit: 0n,
  })
  const nonceBefore = await proposer.client.getTransactionCount({ address: proposer.account.address })
  const refused = await fundSwarm({ ...proposer, contract, swarmId, rewards, deposit: 1_000n }).catch(
    (error: unknown) => error,
  )
  expect(refused).toBeInstanceOf(SwarmIdTakenError)
  expect((refused as SwarmIdTakenError).issues.map((issue) => issue.term)).toEqual([
    'proposer',
    'rewardPerUnit',
    'claimWindow',
  ])
  expect((refused as SwarmIdTakenError).shortMessage).toBe(
    `Swarm id ${swarmId} is already taken on chain: someone created it first, and its on-chain terms differ from ` +
      'the manifest: proposer, rewardPerUnit, claimWindow. Nothing was sent from your wallet. ' +
      'Launch with a fresh nonce to get a new swarm id.',
  )
  expect(await proposer.client.getTransactionCount({ address: proposer.account.address })).toBe(nonceBefore)
  expect(await balanceOf(proposer.account.address)).toBe(1_000n)
})
