// ABI of contracts/src/StarlingRewards.sol, typed for viem. Written by hand so that browser code can import it
// without the compiler's generated (and uncommitted) artifacts; contracts/rewardsAbi.test.ts fails if it drifts
// from the compiled contract. The custom errors live in core (core/rewards/rewardsContractErrors.ts), which
// decodes reverts into sentences without knowing the rest of the contract.
import { parseAbi } from 'viem'
import { rewardsContractErrorAbi } from '../core/rewards/rewardsContractErrors.ts'

export const rewardsAbi = [
  ...parseAbi([
    'constructor()',
    'struct Swarm { uint128 escrow; uint96 rewardPerUnit; uint8 threshold; uint8 status; address token; uint32 claimWindow; uint40 claimsCloseAt; address proposer; }',
    'struct SignedReceipt { address contributor; uint256 totalUnits; uint256 deadline; bytes signatures; }',
    'function createSwarm(bytes32 swarm, address token, uint256 rewardPerUnit, address[] validators, uint256 threshold, uint32 claimWindow)',
    'function deposit(bytes32 swarm, uint256 amount) returns (uint256 credited)',
    'function endSwarm(bytes32 swarm)',
    'function withdraw(bytes32 swarm) returns (uint256 amount)',
    'function claim(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline, bytes signatures) returns (uint256 amount)',
    'function claimBatch(bytes32 swarm, SignedReceipt[] receipts) returns (uint256 amount)',
    'function receiptDigest(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline) view returns (bytes32)',
    'function getSwarm(bytes32 swarm) view returns (Swarm)',
    'function isValidator(bytes32 swarm, address account) view returns (bool)',
    'function paidUnits(bytes32 swarm, address contributor) view returns (uint256)',
    'function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)',
    'event SwarmCreated(bytes32 indexed swarm, address indexed proposer, address indexed token, uint256 rewardPerUnit, address[] validators, uint256 threshold, uint256 claimWindow)',
    'event Deposited(bytes32 indexed swarm, address indexed from, uint256 amount, uint256 escrow)',
    'event SwarmEnded(bytes32 indexed swarm, uint256 claimsCloseAt)',
    'event Claimed(bytes32 indexed swarm, address indexed contributor, uint256 totalUnits, uint256 amount)',
    'event Withdrawn(bytes32 indexed swarm, address indexed to, uint256 amount)',
    'event EIP712DomainChanged()',
  ]),
  ...rewardsContractErrorAbi,
] as const
