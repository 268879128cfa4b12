// A local chain with the rewards contracts deployed, deterministic validator keys and helpers to create swarms and
// sign receipts: the fixture of the contracts' vitest tests and of bench/gas.ts. Deterministic keys and addresses
// keep gas figures reproducible (a zero byte of calldata costs 4 gas, any other byte 16).
import { type Address, type Hex, keccak256, parseAbi, stringToHex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { packSignatures } from '../../core/rewards/packSignatures.ts'
import type { Receipt } from '../../core/rewards/receiptTypes.ts'
import { signReceipt } from '../../core/rewards/signReceipt.ts'
import { type Anvil, startAnvil } from '../anvil.ts'
import { createSwarm } from '../createSwarm.ts'
import { type Deployment, deployContracts } from '../deploy.ts'
import { type RpcClient, rpcClient } from '../../chain/rpcClient.ts'
import { waitForSuccess } from '../waitForSuccess.ts'

/** What a refused setup transaction (createSwarm, deploy) throws: tests outside contracts/ match it here. */
export { SetupTransactionError } from '../waitForSuccess.ts'

export type SwarmOptions = {
  name: string
  threshold: number
  validatorCount: number
  rewardPerUnit?: bigint
  deposit?: bigint
}

export type RewardsChain = {
  anvil: Anvil
  client: RpcClient
  deployment: Deployment
  validators: readonly PrivateKeyAccount[]
  /** Creates and funds a swarm validated by the first `validatorCount` validators; returns its id. */
  createSwarm: (options: SwarmOptions) => Promise<Hex>
  /** Packed signatures of the first `signerCount` validators over `receipt`. */
  sign: (receipt: Receipt, signerCount: number) => Promise<Hex>
  /** Mints reward tokens to `to` (the deployer owns the token). */
  mint: (to: Address, amount: bigint) => Promise<void>
  stop: () => Promise<void>
}

const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])

export async function startRewardsChain(): Promise<RewardsChain> {
  const anvil = await startAnvil()
  try {
    const deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, pollingInterval: anvil.pollingInterval })
    const { chainId, deployer, rewards, token } = deployment
    const client = rpcClient({
      rpcUrl: anvil.rpcUrl,
      chainId,
      account: deployer,
      pollingInterval: anvil.pollingInterval,
    })
    const validators = [0, 1, 2, 3, 4].map((i) =>
      privateKeyToAccount(keccak256(stringToHex(`starling test validator ${i}`))),
    )
    return {
      anvil,
      client,
      deployment,
      validators,
      createSwarm: async ({ name, threshold, validatorCount, rewardPerUnit = 10n ** 15n, deposit = 10n ** 27n }) => {
        const id = keccak256(stringToHex(name))
        const set = validators.slice(0, validatorCount).map((validator) => validator.address)
        await createSwarm({
          rpcUrl: anvil.rpcUrl,
          pollingInterval: anvil.pollingInterval,
          chainId,
          account: deployer,
          rewards,
          token,
          swarm: { id, validators: set, threshold, rewardPerUnit, deposit, claimWindow: 3600 },
        })
        return id
      },
      sign: async (receipt, signerCount) =>
        packSignatures(
          await Promise.all(
            validators
              .slice(0, signerCount)
              .map((signer) => signReceipt({ signer, chainId, contract: rewards, receipt })),
          ),
        ),
      mint: async (to, amount) => {
        await waitForSuccess(
          client,
          'mint',
          client.writeContract({ address: token, abi: mintAbi, functionName: 'mint', args: [to, amount] }),
        )
      },
      stop: anvil.stop,
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
