// The rewards contract's custom errors (contracts/src/StarlingRewards.sol and the OpenZeppelin code it inherits),
// typed for viem: what core needs to decode and describe a revert (RewardsRejectedError, describeRewardsError).
// The whole ABI, these errors included, is chain/rewardsAbi.ts; contracts/rewardsAbi.test.ts checks that against
// the compiled contract.
import { parseAbi } from 'viem'

export const rewardsContractErrorAbi = parseAbi([
  'error SwarmExists(bytes32 swarm)',
  'error UnknownSwarm(bytes32 swarm)',
  'error ZeroSwarmId()',
  'error InvalidToken(address token)',
  'error InvalidRewardPerUnit(uint256 rewardPerUnit)',
  'error InvalidThreshold(uint256 threshold, uint256 validatorCount)',
  'error InvalidValidator(address validator)',
  'error NotProposer(bytes32 swarm, address caller, address proposer)',
  'error WrongSwarmStatus(bytes32 swarm, uint8 status)',
  'error ZeroDeposit(bytes32 swarm)',
  'error ClaimWindowOpen(bytes32 swarm, uint256 claimsCloseAt, uint256 timestamp)',
  'error ReceiptExpired(uint256 deadline, uint256 timestamp)',
  'error NothingToClaim(bytes32 swarm, address contributor, uint256 totalUnits, uint256 paidUnits)',
  'error InsufficientEscrow(bytes32 swarm, uint256 amount, uint256 escrow)',
  'error MalformedSignatures(uint256 length)',
  'error NotEnoughSignatures(uint256 count, uint256 threshold)',
  'error InvalidSignature(uint256 index)',
  'error SignersNotAscending(uint256 index, address signer, address previous)',
  'error SignerNotValidator(uint256 index, address signer)',
  'error SafeERC20FailedOperation(address token)',
  'error SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)',
  'error ReentrancyGuardReentrantCall()',
  'error InvalidShortString()',
  'error StringTooLong(string str)',
])

/** `getSwarm(..).status`, as the contract's SwarmStatus enum orders it. */
export const swarmStatuses = ['None', 'Open', 'Ended', 'Closed'] as const
export type SwarmStatus = (typeof swarmStatuses)[number]
