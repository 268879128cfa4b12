// The seam between the pages and the rewards layer (docs/architecture.md §7). The pages only ever hold an
// `OnChain | undefined`: undefined means this deployment has no chain, and every rewards section says so instead
// of failing.
// createOnChain.ts builds it from config.json's `chain` and `validatorUrl` (the relay); writes go out from the
// volunteer's wallet (Wallet.ts). Receipts come from the swarm's doc (VolunteerRewards.svelte.ts), not from here.

import type { Chain } from 'viem'
import type { Address, RewardSpec } from '../../../core/manifest/Manifest.ts'
import type { OnChainSwarm } from '../../../core/rewards/OnChainSwarm.ts'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import type { Hex } from '../../../core/types/Hex.ts'

/** Amounts are token base units. */
export type EscrowStatus = { token: Address; left: bigint; paid: bigint }

export type Earnings = {
  /** Units of work validators have signed receipts for. */
  receiptedUnits: bigint
  /** Units the contract has paid out already. */
  paidUnits: bigint
  /** Base units that a claim would pay now. */
  claimable: bigint
  /** Base units paid out so far. */
  paid: bigint
  rewardPerUnit: bigint
  /** The receipt a claim would send (assembled from the doc's: core/rewards/assembleReceipt.ts), if any. */
  receipt: SignedReceipt | undefined
}

export type TokenInfo = { address: Address; symbol: string; decimals: number }

export type ClaimResult = {
  transaction: Hex
  amount: bigint
  /** True when the validator sent it because the wallet had no ether for gas. */
  relayed: boolean
}

export type OnChain = {
  chainId: number
  /** viem's description of the chain, for wallets (name, RPC URL, currency). */
  chain: Chain
  /** The rewards contract of this deployment: every swarm's escrow lives in it. */
  contract: Address
  /** What the launch form suggests: the deployment's token and validators. */
  defaults: { token: Address; validators: Address[]; threshold: number }
  /** The account this browser's wallet would create a swarm from, so the manifest's proposer; undefined when the
   * wallet cannot be opened. Reactive: it follows the wallet the volunteer or proposer picks. */
  proposer(): Address | undefined
  /** Creates the swarm on chain with the manifest's reward terms and deposits `deposit` into its escrow. Throws
   * SwarmIdTakenError, sending nothing, when the id is already on chain with other terms or another proposer. */
  createSwarm(parameters: { swarmId: Hex; rewards: RewardSpec; deposit: bigint }): Promise<{ transactions: Hex[] }>
  /** The swarm's terms as this deployment's rewards contract holds them, or undefined while it is not created. */
  swarmTerms(swarmId: Hex): Promise<OnChainSwarm | undefined>
  escrow(swarmId: Hex): Promise<EscrowStatus>
  /** What `receipt` (signed for `contributor`) is worth against what the contract has paid them. */
  earnings(swarmId: Hex, contributor: Address, receipt: SignedReceipt | undefined): Promise<Earnings>
  tokenInfo(token: Address): Promise<TokenInfo>
  /** Submits a fully signed receipt: directly when this browser's wallet has ether for gas, else through the
   * validator's relay (config `validatorUrl`). Anyone may; tokens always go to the receipt's contributor. Contract
   * refusals throw RewardsRejectedError (readable), relay refusals ClaimRefusedError. */
  claim(signed: SignedReceipt): Promise<ClaimResult>
}
