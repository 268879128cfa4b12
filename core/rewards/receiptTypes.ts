// EIP-712 types of a Starling receipt. A receipt is cumulative: "contributor has done totalUnits units of work in
// swarm so far", so the newest receipt supersedes every older one and the contract pays only the difference.
// Mirrored by contracts/src/ReceiptHash.sol.
import type { Address, Hex } from 'viem'

export const receiptTypes = {
  Receipt: [
    { name: 'swarm', type: 'bytes32' },
    { name: 'contributor', type: 'address' },
    { name: 'totalUnits', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

export type Receipt = {
  /** Swarm id: keccak256 of the manifest's canonical JSON. */
  swarm: Hex
  /** Who is paid, whoever submits the claim. */
  contributor: Address
  /** Units of work done in this swarm since it began. */
  totalUnits: bigint
  /** Unix seconds after which the contract refuses the receipt. */
  deadline: bigint
}

/** Where receipts are redeemed: the EIP-712 domain is bound to one chain and one rewards contract. */
export type ReceiptDomainParameters = { chainId: number; contract: Address }
