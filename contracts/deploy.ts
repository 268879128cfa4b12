// Deploys the reward token and the rewards contract with viem, and optionally creates and funds a swarm. This is
// what `npm start` and the end-to-end tests call after startAnvil.
import { type Account, type Address, type Hex, createPublicClient, http } from 'viem'
import { getAddresses } from 'viem/actions'
import { BaseError } from '../core/errors/BaseError.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { compileContracts } from './compile.ts'
import { type SwarmSetup, createSwarm } from './createSwarm.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { type SetupTransactionError, waitForSuccess } from './waitForSuccess.ts'

export type DeployContractsParameters = {
  rpcUrl: string
  /** Pays, owns the token and proposes the swarm: a viem local account, or the address of an account the node
   * unlocks (anvil's dev accounts). Default: the node's first account. */
  account?: Account | Address
  token?: { name: string; symbol: string }
  /** Created and funded right away when its id is known before deployment; otherwise call createSwarm later. */
  swarm?: SwarmSetup
  /** Receipt polling in ms (RpcClientParameters.pollingInterval): pass `anvil.pollingInterval` on anvil. */
  pollingInterval?: number
}
export type Deployment = { chainId: number; deployer: Address; token: Address; rewards: Address; swarm?: Hex }
export type DeployContractsErrorType = SetupTransactionError | NoAccountError

export class NoAccountError extends BaseError {
  override name = 'NoAccountError' as const
  constructor(rpcUrl: string) {
    super(`The node at ${rpcUrl} unlocks no account; pass \`account\` to deployContracts.`)
  }
}

export async function deployContracts(parameters: DeployContractsParameters): Promise<Deployment> {
  const { rpcUrl, token: tokenName = { name: 'Starling Reward', symbol: 'STAR' }, swarm, pollingInterval } = parameters
  const { artifacts } = await compileContracts()
  const probe = createPublicClient({ transport: http(rpcUrl) })
  const [chainId, addresses] = await Promise.all([probe.getChainId(), parameters.account ? [] : getAddresses(probe)])
  const account = parameters.account ?? addresses[0]
  if (!account) throw new NoAccountError(rpcUrl)
  const client = rpcClient({ rpcUrl, chainId, account, pollingInterval })
  const deployer = client.account.address

  const tokenReceipt = await waitForSuccess(
    client,
    'deploy token',
    client.deployContract({
      abi: artifacts.StarlingToken.abi,
      bytecode: artifacts.StarlingToken.bytecode,
      args: [tokenName.name, tokenName.symbol, deployer],
    }),
  )
  const rewardsReceipt = await waitForSuccess(
    client,
    'deploy rewards',
    client.deployContract({ abi: rewardsAbi, bytecode: artifacts.StarlingRewards.bytecode }),
  )
  const deployment: Deployment = {
    chainId,
    deployer,
    token: tokenReceipt.contractAddress!,
    rewards: rewardsReceipt.contractAddress!,
  }
  if (!swarm) return deployment
  await createSwarm({
    rpcUrl,
    chainId,
    account,
    rewards: deployment.rewards,
    token: deployment.token,
    swarm,
    pollingInterval,
  })
  return { ...deployment, swarm: swarm.id }
}
