// One error class for every refusal of the rewards contract, whether the chain reverted or an off-chain check
// (verifyReceipt, packSignatures) predicted the revert. `revert` holds the custom error's name and arguments.
import { type ContractErrorArgs, type ContractErrorName, parseAbi } from 'viem'
import { BaseError } from '../errors/BaseError.ts'
import { describeRewardsError } from './describeRewardsError.ts'
import { rewardsContractErrorAbi } from './rewardsContractErrors.ts'

/** What a rewards transaction can revert with: the contract's errors, the token's (bubbled up by SafeERC20), and
 * Solidity's built-in Error(string) and Panic(uint256). */
export const rewardsErrorAbi = [
  ...rewardsContractErrorAbi,
  ...parseAbi([
    'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
    'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
    'error ERC20InvalidSender(address sender)',
    'error ERC20InvalidReceiver(address receiver)',
    'error ERC20InvalidApprover(address approver)',
    'error ERC20InvalidSpender(address spender)',
    'error Error(string message)',
    'error Panic(uint256 code)',
  ]),
] as const

export type RewardsErrorName = ContractErrorName<typeof rewardsErrorAbi>
export type RewardsRevert = {
  [name in RewardsErrorName]: { errorName: name; args: ContractErrorArgs<typeof rewardsErrorAbi, name> }
}[RewardsErrorName]

export class RewardsRejectedError extends BaseError {
  override name = 'RewardsRejectedError' as const
  readonly revert: RewardsRevert

  constructor(revert: RewardsRevert, options: { cause?: unknown } = {}) {
    super(describeRewardsError(revert), {
      cause: options.cause,
      details: `${revert.errorName}(${revert.args.map(String).join(', ')})`,
    })
    this.revert = revert
  }
}
