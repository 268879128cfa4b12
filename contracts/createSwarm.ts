// Creates a swarm on the rewards contract and funds its escrow. `npm start` calls it after deployContracts, once
// the manifest (which names the deployed contracts) and so the swarm id are known.
import { type Account, type Address, type Hex, parseAbi } from 'viem'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { type SetupTransactionError, waitForSuccess } from './waitForSuccess.ts'

export type SwarmSetup = {
  /** keccak256 of the manifest's canonical JSON (core/manifest/swarmIdOf). */
  id: Hex
  validators: readonly Address[]
  threshold: number
  /** Token base units per unit of work. */
  rewardPerUnit: bigint
  /** Seconds between ending the swarm and the proposer's earliest withdrawal. Default one day. */
  claimWindow?: number
  /** Tokens deposited into the escrow. Default none. */
  deposit?: bigint
  /** Mint the deposit to the proposer first: true for the demo StarlingToken, whose owner the proposer is. */
  mintDeposit?: boolean
}
export type CreateSwarmParameters = {
  rpcUrl: string
  chainId: number
  /** The proposer: a local account, or the address of an account the node unlocks. */
  account: Account | Address
  rewards: Address
  token: Address
  swarm: SwarmSetup
  /** Receipt polling in ms (RpcClientParameters.pollingInterval): pass `anvil.pollingInterval` on anvil. */
  pollingInterval?: number
}
export type CreateSwarmErrorType = SetupTransactionError

const tokenAbi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function approve(address spender, uint256 amount) returns (bool)',
])

export async function createSwarm({
  rpcUrl,
  chainId,
  account,
  rewards,
  token,
  swarm,
  pollingInterval,
}: CreateSwarmParameters): Promise<void> {
  const client = rpcClient({ rpcUrl, chainId, account, pollingInterval })
  const { id, validators, threshold, rewardPerUnit, claimWindow = 86_400, deposit = 0n, mintDeposit = true } = swarm
  await waitForSuccess(
    client,
    'create swarm',
    client.writeContract({
      address: rewards,
      abi: rewardsAbi,
      functionName: 'createSwarm',
      args: [id, token, rewardPerUnit, validators, BigInt(threshold), claimWindow],
    }),
  )
  if (deposit === 0n) return
  if (mintDeposit) {
    await waitForSuccess(
      client,
      'mint',
      client.writeContract({
        address: token,
        abi: tokenAbi,
        functionName: 'mint',
        args: [client.account.address, deposit],
      }),
    )
  }
  await waitForSuccess(
    client,
    'approve',
    client.writeContract({ address: token, abi: tokenAbi, functionName: 'approve', args: [rewards, deposit] }),
  )
  await waitForSuccess(
    client,
    'deposit',
    client.writeContract({ address: rewards, abi: rewardsAbi, functionName: 'deposit', args: [id, deposit] }),
  )
}
