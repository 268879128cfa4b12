// The seam between the pages and the rewards layer (docs/architecture.md §7). The pages only ever hold an
// `OnChain | undefined`: undefined means this deployment has no chain, and every rewards section says so instead
// of failing.
// createOnChain.ts builds it from config.json's `chain` and `validatorUrl`; writes go out from the volunteer's
// wallet (Wallet.ts).

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
  /** The newest receipt a validator signed, if any. */
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
  earnings(swarmId: Hex, contributor: Address): Promise<Earnings>
  tokenInfo(token: Address): Promise<TokenInfo>
  /** Submits the newest receipt for `contributor`: directly when this browser's wallet has ether for gas, else
   * through the validator. Anyone may; tokens always go to the contributor. Contract refusals throw
   * RewardsRejectedError (readable), relay refusals ClaimRefusedError. */
  claim(swarmId: Hex, contributor: Address): Promise<ClaimResult>
}
