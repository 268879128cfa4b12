// The manifest's reward terms against the swarm the chain holds under the same id. The id is a hash of the manifest,
// but the contract cannot check that whoever creates an id uses that manifest's terms (it never sees the manifest),
// so anyone may create a proposer's id first, with terms and a proposer of their own. Whoever is about to pay for
// or be paid by a swarm (a validator signing receipts, a page offering a claim) compares the two with this first.
import { getAddress } from 'viem'
import type { Address, RewardSpec } from '../manifest/Manifest.ts'
import type { OnChainSwarm } from './OnChainSwarm.ts'

/** Every term the manifest binds on chain, in the order mismatches are listed. */
export const boundTerms = [
  'chainId',
  'contract',
  'proposer',
  'token',
  'rewardPerUnit',
  'validators',
  'threshold',
  'claimWindow',
] as const
export type BoundTerm = (typeof boundTerms)[number]

/** One term on which the chain and the manifest disagree, with both values written out for people. */
export type OnChainTermsIssue = { term: BoundTerm; manifest: string; onChain: string }

/** Every mismatch between the on-chain swarm and the manifest's terms, in `boundTerms` order; empty when they agree. */
export function onChainTermsIssues(rewards: RewardSpec, onChain: OnChainSwarm): OnChainTermsIssue[] {
  // Addresses compare by value: the manifest keeps them as written (the id hashes that text), the chain checksummed.
  const written: Record<BoundTerm, [manifest: string, onChain: string]> = {
    chainId: [String(rewards.chainId), String(onChain.chainId)],
    contract: [getAddress(rewards.contract), getAddress(onChain.contract)],
    proposer: [getAddress(rewards.proposer), getAddress(onChain.proposer)],
    token: [getAddress(rewards.token), getAddress(onChain.token)],
    rewardPerUnit: [BigInt(rewards.rewardPerUnit).toString(), onChain.rewardPerUnit.toString()],
    // A set on chain (membership is all a claim checks), so order does not matter.
    validators: [validatorSet(rewards.validators), validatorSet(onChain.validators)],
    threshold: [String(rewards.threshold), String(onChain.threshold)],
    claimWindow: [String(rewards.claimWindow), String(onChain.claimWindow)],
  }
  return boundTerms
    .filter((term) => written[term][0] !== written[term][1])
    .map((term) => ({ term, manifest: written[term][0], onChain: written[term][1] }))
}

function validatorSet(validators: readonly Address[]): string {
  const sorted = [...validators].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
  return sorted.map((validator) => getAddress(validator)).join(', ')
}
