import type { Abi, AbiParameter } from 'viem'
import { expect, test } from 'vitest'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { compileContracts } from './compile.ts'

/** The parts of an ABI that matter to a caller: solc adds `internalType`, and leaves unnamed outputs as ''. */
function normalize(abi: Abi) {
  const parameter = (p: AbiParameter): unknown => ({
    name: p.name ?? '',
    type: p.type,
    ...('indexed' in p && p.indexed ? { indexed: true } : {}),
    ...('components' in p ? { components: p.components.map(parameter) } : {}),
  })
  return abi
    .map((item) => ({
      type: item.type,
      name: 'name' in item ? item.name : '',
      inputs: 'inputs' in item ? item.inputs.map(parameter) : [],
      outputs: 'outputs' in item ? item.outputs.map(parameter) : [],
      stateMutability: 'stateMutability' in item ? item.stateMutability : '',
    }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`))
}

test('the hand-written ABI in chain/ (its errors from core/rewards) is the compiled contract ABI', async () => {
  const { artifacts } = await compileContracts()
  expect(normalize(rewardsAbi)).toEqual(normalize(artifacts.StarlingRewards.abi))
})
