// The chain half of the local stack: anvil, the contracts deployed, and the demo swarm created on chain with
// reward terms and a funded escrow. The manifest gains its `rewards` section here, because it names the
// deployed contracts: its swarm id is only known after deployment (the same on every fresh anvil).
import {
  defaultAuditWindow,
  defaultProbationRounds,
  defaultAuditRate,
  defaultMaxUnaudited,
  type RewardRules,
} from '../core/rewards/rewardRules.ts'
import { type Address, type Hex, getAddress, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { BaseError } from '../core/errors/BaseError.ts'
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
  /** How many validators the demo swarm has (anvil's accounts #1..#n); default 1, at most `maxDemoValidators`. */
  validators?: number
  /** Signatures a receipt needs; default a majority of the validators (demoThreshold). */
  threshold?: number
}
export type DemoValidator = { address: Address; key: Hex }
export type DemoChain = {
  rpcUrl: string
  chainId: number
  /** Receipt polling in ms for clients of this anvil (Anvil.pollingInterval). */
  pollingInterval: number
  rewards: Address
  token: Address
  /** anvil's account #0: deploys, owns the token, proposes the swarm. */
  deployer: Address
  /** anvil's account #1: the demo swarm's first validator; its ether pays relayed claims. */
  validator: Address
  validatorKey: Hex
  /** Every validator of the demo swarm, #1 first. */
  validators: DemoValidator[]
  threshold: number
  manifest: Manifest
  swarmId: Hex
  stop(): Promise<void>
}

/** anvil's well-known development mnemonic: its accounts are funded with 10,000 ether on every start. */
const anvilMnemonic = 'test test test test test test test test test test test junk'

/**
 * anvil's development account `index` (#0 deploys, #1..#n validate; the others are free for tests to play anyone).
 */
export const demoChainAccount = (index: number) => mnemonicToAccount(anvilMnemonic, { addressIndex: index })

/** anvil funds accounts #0..#9: #0 deploys, so nine can validate. */
export const maxDemoValidators = 9

/** A strict majority of `validators`: no minority of them can sign a receipt, and any majority can. */
export const demoThreshold = (validators: number) => Math.floor(validators / 2) + 1

export class DemoValidatorsError extends BaseError {
  override name = 'DemoValidatorsError' as const
  constructor(
    readonly validators: number,
    readonly threshold: number,
  ) {
    super(
      `The demo swarm needs 1 to ${maxDemoValidators} validators and a threshold from 1 to their number; ` +
        `got ${validators} validators, threshold ${threshold}.`,
    )
  }
}

/** Throws DemoValidatorsError unless 1 ≤ validators ≤ maxDemoValidators and 1 ≤ threshold ≤ validators. */
export function checkDemoValidators(validators: number, threshold: number): void {
  const whole = Number.isInteger(validators) && Number.isInteger(threshold)
  if (!whole || validators < 1 || validators > maxDemoValidators || threshold < 1 || threshold > validators)
    throw new DemoValidatorsError(validators, threshold)
}

export async function startDemoChain(manifest: Manifest, options: DemoChainOptions = {}): Promise<DemoChain> {
  const { rewardPerUnit = 10n ** 15n, deposit = 10n ** 24n, rules = {}, validators: count = 1 } = options
  const threshold = options.threshold ?? demoThreshold(count)
  checkDemoValidators(count, threshold)
  const accounts = Array.from({ length: count }, (_, i) => demoChainAccount(i + 1))
  const demoValidators = accounts.map((account) => ({
    address: account.address,
    key: toHex(account.getHdKey().privateKey!),
  }))
  const anvil: Anvil = await startAnvil()
  try {
    const deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, pollingInterval: anvil.pollingInterval })
    // Checksummed: the manifest shows them to people, and its canonical JSON (so the swarm id) keeps them as written.
    const { chainId, deployer } = deployment
    const [rewards, token] = [getAddress(deployment.rewards), getAddress(deployment.token)]
    const validators = demoValidators.map(({ address }) => address)
    const terms: RewardSpec = {
      chainId,
      contract: rewards,
      proposer: getAddress(deployer),
      token,
      rewardPerUnit: rewardPerUnit.toString(),
      validators,
      threshold,
      claimWindow: 86_400,
      // Written out, not left to the defaults, so the demo's id says how it pays (core/rewards/rewardRules.ts).
      auditWindow: rules.auditWindow ?? defaultAuditWindow,
      probationRounds: rules.probationRounds ?? defaultProbationRounds,
      auditRate: rules.auditRate ?? defaultAuditRate,
      maxUnaudited: rules.maxUnaudited ?? defaultMaxUnaudited,
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
      validator: demoValidators[0]!.address,
      validatorKey: demoValidators[0]!.key,
      validators: demoValidators,
      threshold,
      manifest: paying,
      swarmId,
      stop: anvil.stop,
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
