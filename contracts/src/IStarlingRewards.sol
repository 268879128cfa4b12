// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Starling rewards: per-swarm escrow paid out against cumulative validator receipts
/// @notice Lifecycle of a swarm: a proposer creates it (Open) and funds it; anyone may top it up while it is Open.
/// The proposer ends it (Ended): no more deposits, and a claim window of `claimWindow` seconds starts. Claims are
/// honoured while the swarm is Open or Ended, including after the window, until the proposer withdraws what is left
/// (allowed once the window has passed), which closes the swarm (Closed) for good.
/// A receipt says "`contributor` has done `totalUnits` units of work in `swarm` so far"; the contract pays
/// (totalUnits - units already paid) * rewardPerUnit, so one receipt settles any number of rounds and replaying a
/// receipt pays nothing.
interface IStarlingRewards {
    /// @notice Where a swarm is in its lifecycle. `None` means no swarm has this id.
    enum SwarmStatus {
        None,
        Open,
        Ended,
        Closed
    }

    /// @notice A swarm's terms and escrow, as stored (three slots; the first holds everything a claim writes).
    struct Swarm {
        uint128 escrow;
        uint96 rewardPerUnit;
        uint8 threshold;
        SwarmStatus status;
        address token;
        uint32 claimWindow;
        uint40 claimsCloseAt;
        address proposer;
    }

    /// @notice One receipt of a batch claim; the swarm is given once for the whole batch.
    /// @param signatures Concatenated 64-byte EIP-2098 signatures (r, yParityAndS), ordered by signer address.
    struct SignedReceipt {
        address contributor;
        uint256 totalUnits;
        uint256 deadline;
        bytes signatures;
    }

    /// @notice A swarm was created with these immutable terms.
    event SwarmCreated(
        bytes32 indexed swarm,
        address indexed proposer,
        address indexed token,
        uint256 rewardPerUnit,
        address[] validators,
        uint256 threshold,
        uint256 claimWindow
    );
    /// @notice `amount` tokens were added to the swarm's escrow by `from`, leaving `escrow` in it.
    event Deposited(bytes32 indexed swarm, address indexed from, uint256 amount, uint256 escrow);
    /// @notice The proposer ended the swarm; unclaimed escrow may be withdrawn from `claimsCloseAt` on.
    event SwarmEnded(bytes32 indexed swarm, uint256 claimsCloseAt);
    /// @notice `contributor` was paid `amount` for the units between their previous total and `totalUnits`.
    event Claimed(bytes32 indexed swarm, address indexed contributor, uint256 totalUnits, uint256 amount);
    /// @notice The proposer took back the `amount` left in escrow; the swarm is closed.
    event Withdrawn(bytes32 indexed swarm, address indexed to, uint256 amount);

    /// @notice A swarm with this id already exists (ids are manifest hashes, so the manifest is already on chain).
    error SwarmExists(bytes32 swarm);
    /// @notice No swarm has this id.
    error UnknownSwarm(bytes32 swarm);
    /// @notice The swarm id is zero, which marks "no swarm" off chain.
    error ZeroSwarmId();
    /// @notice The reward token is the zero address or has no code.
    error InvalidToken(address token);
    /// @notice The reward per unit is zero or does not fit in 96 bits.
    error InvalidRewardPerUnit(uint256 rewardPerUnit);
    /// @notice The threshold is zero, larger than the validator set, or the set has more than 255 validators.
    error InvalidThreshold(uint256 threshold, uint256 validatorCount);
    /// @notice A validator is the zero address or appears twice.
    error InvalidValidator(address validator);
    /// @notice Only the swarm's proposer may do this.
    error NotProposer(bytes32 swarm, address caller, address proposer);
    /// @notice The swarm is not in the status this action needs.
    error WrongSwarmStatus(bytes32 swarm, SwarmStatus status);
    /// @notice Nothing arrived: the deposit amount (or what the token actually moved) is zero.
    error ZeroDeposit(bytes32 swarm);
    /// @notice The claim window is still open until `claimsCloseAt`.
    error ClaimWindowOpen(bytes32 swarm, uint256 claimsCloseAt, uint256 timestamp);
    /// @notice The receipt's deadline has passed.
    error ReceiptExpired(uint256 deadline, uint256 timestamp);
    /// @notice The receipt's total does not exceed what was already paid: a replay or an older receipt.
    error NothingToClaim(bytes32 swarm, address contributor, uint256 totalUnits, uint256 paidUnits);
    /// @notice The swarm's escrow cannot cover this payment.
    error InsufficientEscrow(bytes32 swarm, uint256 amount, uint256 escrow);

    /// @notice Registers a swarm. The caller becomes its proposer.
    /// @param swarm The swarm id: keccak256 of the manifest's canonical JSON.
    /// @param token The ERC-20 paid out. Fee-on-transfer tokens are credited what actually arrives.
    /// @param rewardPerUnit Token base units paid per unit of work.
    /// @param validators Addresses whose receipt signatures count; at most 255, no duplicates.
    /// @param threshold How many distinct validators must sign a receipt.
    /// @param claimWindow Seconds between `endSwarm` and the earliest withdrawal of unclaimed escrow.
    function createSwarm(
        bytes32 swarm,
        address token,
        uint256 rewardPerUnit,
        address[] calldata validators,
        uint256 threshold,
        uint32 claimWindow
    ) external;

    /// @notice Moves `amount` tokens from the caller into an Open swarm's escrow (needs an allowance).
    /// @return credited What the escrow actually grew by.
    function deposit(bytes32 swarm, uint256 amount) external returns (uint256 credited);

    /// @notice Ends an Open swarm: deposits stop and the claim window starts. Proposer only.
    function endSwarm(bytes32 swarm) external;

    /// @notice Sends the unclaimed escrow to the proposer and closes the swarm. Proposer only, after the window.
    /// @return amount What was sent.
    function withdraw(bytes32 swarm) external returns (uint256 amount);

    /// @notice Pays `contributor` for the units in a receipt not yet paid. Anyone may submit it.
    /// @param signatures Concatenated 64-byte EIP-2098 signatures (r, yParityAndS) of distinct validators, in
    /// strictly ascending signer-address order, at least the swarm's threshold of them.
    /// @return amount Tokens paid.
    function claim(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline, bytes calldata signatures)
        external
        returns (uint256 amount);

    /// @notice Settles many receipts of one swarm in one transaction. A receipt that pays nothing (someone already
    /// submitted it or a newer one) is skipped, so a batch cannot be griefed by front-running one of its entries;
    /// any other failure reverts the whole batch.
    /// @return amount Tokens paid in total.
    function claimBatch(bytes32 swarm, SignedReceipt[] calldata receipts) external returns (uint256 amount);

    /// @notice The EIP-712 digest validators sign for this receipt on this chain and contract.
    function receiptDigest(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline)
        external
        view
        returns (bytes32);

    /// @notice A swarm's terms and escrow (all zero for an unknown id).
    function getSwarm(bytes32 swarm) external view returns (Swarm memory);

    /// @notice Whether `account` is one of the swarm's validators.
    function isValidator(bytes32 swarm, address account) external view returns (bool);

    /// @notice The receipt total up to which `contributor` has been paid in `swarm`.
    function paidUnits(bytes32 swarm, address contributor) external view returns (uint256);
}
