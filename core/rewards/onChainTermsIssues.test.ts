import { getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import type { Address, RewardSpec } from '../manifest/Manifest.ts'
import type { OnChainSwarm } from './OnChainSwarm.ts'
import { type BoundTerm, boundTerms, onChainTermsIssues } from './onChainTermsIssues.ts'
import { OnChainTermsMismatchError } from './OnChainTermsMismatchError.ts'

const [proposer, squatter, token, otherToken, contract, validatorA, validatorB] = [
  '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
  '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512',
  '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0',
  '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
] as const satisfies readonly Address[]

const rewards: RewardSpec = {
  chainId: 31337,
  contract,
  proposer,
  token,
  rewardPerUnit: '1000',
  validators: [validatorA, validatorB],
  threshold: 2,
  claimWindow: 86_400,
}
/** The swarm the proposer's own createSwarm would leave: the manifest's terms, checksummed as the chain reads them. */
const created: OnChainSwarm = {
  chainId: 31337,
  contract: getAddress(contract),
  proposer: getAddress(proposer),
  token: getAddress(token),
  rewardPerUnit: 1000n,
  validators: [getAddress(validatorB), getAddress(validatorA)],
  threshold: 2,
  claimWindow: 86_400,
}

describe('onChainTermsIssues', () => {
  test('finds nothing when the chain holds the manifest terms, whatever the address case or validator order', () => {
    expect(onChainTermsIssues(rewards, created)).toEqual([])
  })

  const changes: [BoundTerm, Partial<OnChainSwarm>, string, string][] = [
    ['chainId', { chainId: 1 }, '31337', '1'],
    ['contract', { contract: otherToken }, getAddress(contract), getAddress(otherToken)],
    ['proposer', { proposer: squatter }, getAddress(proposer), getAddress(squatter)],
    ['token', { token: otherToken }, getAddress(token), getAddress(otherToken)],
    ['rewardPerUnit', { rewardPerUnit: 1001n }, '1000', '1001'],
    [
      'validators',
      { validators: [validatorA, squatter] },
      `${getAddress(validatorB)}, ${getAddress(validatorA)}`,
      `${getAddress(validatorA)}, ${getAddress(squatter)}`,
    ],
    ['threshold', { threshold: 1 }, '2', '1'],
    ['claimWindow', { claimWindow: 0 }, '86400', '0'],
  ]
  test.each(changes)('names %s when only it differs, with both values', (term, change, manifest, onChain) => {
    expect(onChainTermsIssues(rewards, { ...created, ...change })).toEqual([{ term, manifest, onChain }])
  })

  test('checks every bound term', () => {
    expect(changes.map(([term]) => term)).toEqual([...boundTerms])
  })

  test('a validator set that only adds a validator still differs', () => {
    const superset = { ...created, validators: [...created.validators, getAddress(squatter)] }
    expect(onChainTermsIssues(rewards, superset).map((issue) => issue.term)).toEqual(['validators'])
  })

  test('lists every mismatch of a squatted swarm in term order, and the error names them', () => {
    const squatted = { ...created, proposer: squatter, rewardPerUnit: 1n, threshold: 1, claimWindow: 0 }
    const issues = onChainTermsIssues(rewards, squatted)
    expect(issues.map((issue) => issue.term)).toEqual(['proposer', 'rewardPerUnit', 'threshold', 'claimWindow'])
    const error = new OnChainTermsMismatchError(`0x${'ab'.repeat(32)}`, issues)
    expect(error.shortMessage).toBe(
      'On-chain terms differ from the manifest: proposer, rewardPerUnit, threshold, claimWindow.',
    )
    expect(error.message).toContain(`- proposer: manifest ${getAddress(proposer)}, on chain ${getAddress(squatter)}`)
  })
})
