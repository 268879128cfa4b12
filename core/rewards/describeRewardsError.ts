// Readable sentences for the rewards contract's errors, for the volunteer and proposer pages. Amounts are token
// base units: the contract does not know the token's decimals.
import type { RewardsRevert } from './RewardsRejectedError.ts'
import { swarmStatuses } from './rewardsContractErrors.ts'

const panics: Partial<Record<string, string>> = {
  '17': 'an amount overflowed (units × reward per unit is too large)',
  '18': 'division by zero',
}

export function describeRewardsError(revert: RewardsRevert): string {
  switch (revert.errorName) {
    case 'NothingToClaim': {
      const [, contributor, total, paid] = revert.args
      return (
        `Nothing to claim: ${contributor} has already been paid up to ${paid} units, ` +
        `and this receipt covers ${total}.`
      )
    }
    case 'InsufficientEscrow': {
      const [, amount, escrow] = revert.args
      return `The swarm's escrow holds ${escrow} but this claim needs ${amount}; the proposer has to top it up.`
    }
    case 'ReceiptExpired': {
      const [deadline, timestamp] = revert.args
      return (
        `The receipt expired at ${isoTime(deadline)} (chain time ${isoTime(timestamp)}); ` +
        `ask a validator for a fresh one.`
      )
    }
    case 'SignerNotValidator': {
      const [index, signer] = revert.args
      return (
        `Signature ${index} recovers to ${signer}, which is not a validator of this swarm: ` +
        `the receipt was altered, or signed for another swarm, chain or contract, or by someone else.`
      )
    }
    case 'NotEnoughSignatures': {
      const [count, threshold] = revert.args
      return (
        `The receipt carries ${count} validator signature${count === 1n ? '' : 's'}; ` +
        `this swarm needs ${threshold}.`
      )
    }
    case 'SignersNotAscending': {
      const [index, signer, previous] = revert.args
      return signer === previous
        ? `Validator ${signer} signed twice (signature ${index}); each validator counts once.`
        : `Signature ${index} (by ${signer}) comes after ${previous}; signatures must be sorted by signer address.`
    }
    case 'InvalidSignature':
      return `Signature ${revert.args[0]} is not a valid signature.`
    case 'MalformedSignatures':
      return `The signatures are ${revert.args[0]} bytes long, not a whole number of 64-byte signatures.`
    case 'UnknownSwarm':
      return `No swarm ${revert.args[0]} exists on this rewards contract.`
    case 'WrongSwarmStatus':
      return `Not possible while the swarm is ${swarmStatuses[revert.args[1]] ?? `in status ${revert.args[1]}`}.`
    case 'SwarmExists':
      return `A swarm with id ${revert.args[0]} already exists.`
    case 'ZeroSwarmId':
      return 'The swarm id must not be zero.'
    case 'InvalidToken':
      return `${revert.args[0]} is not a token contract.`
    case 'InvalidRewardPerUnit':
      return `The reward per unit must be between 1 and 2^96 - 1, not ${revert.args[0]}.`
    case 'InvalidThreshold': {
      const [threshold, count] = revert.args
      return (
        `A threshold of ${threshold} does not fit ${count} validators ` +
        `(1 to 255 validators, threshold 1 to their number).`
      )
    }
    case 'InvalidValidator':
      return `Validator ${revert.args[0]} is the zero address or listed twice.`
    case 'NotProposer': {
      const [, caller, proposer] = revert.args
      return `Only the swarm's proposer ${proposer} may do this, not ${caller}.`
    }
    case 'ZeroDeposit':
      return 'The deposit is zero, or the token moved nothing.'
    case 'ClaimWindowOpen': {
      const [, closesAt] = revert.args
      return `Volunteers may still claim until ${isoTime(closesAt)}; withdraw after that.`
    }
    case 'SafeERC20FailedOperation':
      return `The token ${revert.args[0]} refused the transfer.`
    case 'SafeCastOverflowedUintDowncast':
      return `The amount ${revert.args[1]} does not fit in ${revert.args[0]} bits.`
    case 'ReentrancyGuardReentrantCall':
      return 'The token called back into the rewards contract during a deposit.'
    case 'InvalidShortString':
    case 'StringTooLong':
      return 'The contract was deployed with an invalid EIP-712 name or version.'
    case 'ERC20InsufficientBalance': {
      const [sender, balance, needed] = revert.args
      return `${sender} holds ${balance} tokens but ${needed} are needed.`
    }
    case 'ERC20InsufficientAllowance': {
      const [, allowance, needed] = revert.args
      return `The rewards contract may move ${allowance} of your tokens but needs ${needed}: approve more first.`
    }
    case 'ERC20InvalidSender':
    case 'ERC20InvalidReceiver':
    case 'ERC20InvalidApprover':
    case 'ERC20InvalidSpender':
      return `The token refused address ${revert.args[0]}.`
    case 'Error':
      return revert.args[0]
    case 'Panic':
      return `The contract panicked: ${panics[String(revert.args[0])] ?? `code ${revert.args[0]}`}.`
    default:
      return revert satisfies never
  }
}

function isoTime(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000)
  return Number.isNaN(date.getTime()) ? `${seconds} (unix seconds)` : date.toISOString()
}
