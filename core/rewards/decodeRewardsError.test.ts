import { type AbiParameter, BaseError as ViemBaseError, ContractFunctionRevertedError, encodeErrorResult } from 'viem'
import { describe, expect, test } from 'vitest'
import { decodeRewardsError } from './decodeRewardsError.ts'
import { rewardsContractErrorAbi } from './rewardsContractErrors.ts'
import { RewardsRejectedError, rewardsErrorAbi } from './RewardsRejectedError.ts'

const swarm = `0x${'ab'.repeat(32)}` as const
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

function sample(parameter: AbiParameter): unknown {
  if (parameter.type === 'address') return alice
  if (parameter.type === 'bytes32') return swarm
  if (parameter.type === 'string') return 'A reason.'
  if (parameter.type === 'uint8') return 2
  return 3n
}

describe('decodeRewardsError', () => {
  test.each(rewardsErrorAbi.map((item) => [item.name, item] as const))('describes %s in a sentence', (_, item) => {
    const data = encodeErrorResult({ abi: [item], errorName: item.name, args: item.inputs.map(sample) } as Parameters<
      typeof encodeErrorResult
    >[0])
    const error = decodeRewardsError(data)
    expect(error).toBeInstanceOf(RewardsRejectedError)
    expect(error!.revert.errorName).toBe(item.name)
    expect(error!.shortMessage).toMatch(/^[A-Z0-9].*[.!]?$/)
    expect(error!.shortMessage).not.toMatch(/undefined|\[object/)
    expect(error!.details).toBe(`${item.name}(${item.inputs.map((input) => String(sample(input))).join(', ')})`)
  })

  test('says what was paid and what the receipt covers', () => {
    const data = encodeErrorResult({
      abi: rewardsContractErrorAbi,
      errorName: 'NothingToClaim',
      args: [swarm, alice, 640n, 1280n],
    })
    expect(decodeRewardsError(data)?.shortMessage).toBe(
      `Nothing to claim: ${alice} has already been paid up to 1280 units, and this receipt covers 640.`,
    )
    const status = encodeErrorResult({ abi: rewardsContractErrorAbi, errorName: 'WrongSwarmStatus', args: [swarm, 3] })
    expect(decodeRewardsError(status)?.shortMessage).toBe('Not possible while the swarm is Closed.')
  })

  test('finds revert data anywhere in a cause chain', () => {
    const data = encodeErrorResult({
      abi: rewardsContractErrorAbi,
      errorName: 'InsufficientEscrow',
      args: [swarm, 10n, 5n],
    })
    const fromViem = new ContractFunctionRevertedError({ abi: [], data, functionName: 'claim' })
    expect(decodeRewardsError(new ViemBaseError('outer', { cause: fromViem }))?.revert).toEqual({
      errorName: 'InsufficientEscrow',
      args: [swarm, 10n, 5n],
    })
    const fromWallet = new Error('execution reverted', { cause: { code: 3, data: { data } } })
    expect(decodeRewardsError(fromWallet)?.revert.errorName).toBe('InsufficientEscrow')
    expect(decodeRewardsError(fromWallet)?.cause).toBe(fromWallet)
  })

  test('leaves other errors alone', () => {
    expect(decodeRewardsError('0xdeadbeef')).toBeUndefined()
    expect(decodeRewardsError(new Error('network down'))).toBeUndefined()
    expect(decodeRewardsError(undefined)).toBeUndefined()
    expect(decodeRewardsError({ data: '0x' })).toBeUndefined()
  })
})
