// The chain half of the local stack: anvil, the contracts deployed, and the demo swarm created on chain with
// reward terms and a funded escrow. The manifest gains its `rewards` section here, because it names the
// deployed contracts: its swarm id is only known after deployment (the same on every fresh anvil).
import { defaultAuditWindow, defaultProbationRounds, type RewardRules } from '../core/rewards/rewardRules.ts'
import { type Address, type Hex, getAddress, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import type { Manifest, RewardSpec } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { type Anvil, startAnvil } from '../contracts/anvil.ts'
import { createSwarm } from '../contracts/createSwarm.ts'
import { deployContracts } from '../contracts/deploy.ts'

export type DemoChainOptions = {
  /** Token base units per sample; default 10^15 (0.001 of an 18-decimal token). */
  rewardPerUnit?: bigint
  /**
   * Escrow deposited for the demo swarm; default 10^24 (a million 18-decimal tokens: 10^9 samples at the default rate).
   */
  deposit?: bigint
  /** Audit window and probation of the swarm's manifest; default the defaults of core/rewards/rewardRules.ts. */
  rules?: Partial<RewardRules>
}
export type DemoChain = {
  rpcUrl: string
  chainId: number
  /** Receipt polling in ms for clients of this anvil (Anvil.pollingInterval). */
  pollingInterval: number
  rewards: Address
  token: Address
  /** anvil's account #0: deploys, owns the token, proposes the swarm. */
  deployer: Address
  /** anvil's account #1: the demo swarm's only validator; its ether pays relayed claims. */
  validator: Address
  validatorKey: Hex
  manifest: Manifest
  swarmId: Hex
  stop(): Promise<void>
}

/** anvil's well-known development mnemonic: its accounts are funded with 10,000 ether on every start. */
const anvilMnemonic = 'test test test test test test test test test test test junk'

/** anvil's development account `index` (#0 deploys, #1 validates; the others are free for tests to play anyone). */
export const demoChainAccount = (index: number) => mnemonicToAccount(anvilMnemonic, { addressIndex: index })

export async function startDemoChain(manifest: Manifest, options: DemoChainOptions = {}): Promise<DemoChain> {
  const { rewardPerUnit = 10n ** 15n, deposit = 10n ** 24n, rules = {} } = options
  const validatorAccount = demoChainAccount(1)
  const anvil: Anvil = await startAnvil()
  try {
    const deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, pollingInterval: anvil.pollingInterval })
    // Checksummed: the manifest shows them to people, and its canonical JSON (so the swarm id) keeps them as written.
    const { chainId, deployer } = deployment
    const [rewards, token] = [getAddress(deployment.rewards), getAddress(deployment.token)]
    const validators = [validatorAccount.address]
    const terms: RewardSpec = {
      chainId,
      contract: rewards,
      proposer: getAddress(deployer),
      token,
      rewardPerUnit: rewardPerUnit.toString(),
      validators,
      threshold: 1,
      claimWindow: 86_400,
      // Written out, not left to the defaults, so the demo's id says how it pays (core/rewards/rewardRules.ts).
      auditWindow: rules.auditWindow ?? defaultAuditWindow,
      probationRounds: rules.probationRounds ?? defaultProbationRounds,
    }
    const paying: Manifest = { ...manifest, rewards: terms }
    const swarmId = swarmIdOf(paying)
    // Sent by the manifest's proposer with the manifest's terms: the validator compares them before it signs.
    await createSwarm({
      rpcUrl: anvil.rpcUrl,
      pollingInterval: anvil.pollingInterval,
      chainId,
      account: deployer,
      rewards,
      token,
      swarm: {
        id: swarmId,
        validators,
        threshold: terms.threshold,
        rewardPerUnit,
        deposit,
        claimWindow: terms.claimWindow,
      },
    })
    return {
      rpcUrl: anvil.rpcUrl,
      chainId,
      pollingInterval: anvil.pollingInterval,
      rewards,
      token,
      deployer,
      validator: validatorAccount.address,
      validatorKey: toHex(validatorAccount.getHdKey().privateKey!),
      manifest: paying,
      swarmId,
      stop: anvil.stop,
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
