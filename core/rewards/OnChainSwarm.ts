import type { Address } from '../manifest/Manifest.ts'

/**
 * A swarm as the rewards contract holds it: its stored terms, the validator set its `SwarmCreated` event listed (the
 * contract keeps the set only as a membership mapping), and where it was read. Read by chain/readOnChainSwarm.ts.
 */
export type OnChainSwarm = {
  chainId: number
  contract: Address
  /** Whoever sent `createSwarm`: the only account that may end the swarm and withdraw its escrow. */
  proposer: Address
  token: Address
  rewardPerUnit: bigint
  validators: readonly Address[]
  threshold: number
  claimWindow: number
}
