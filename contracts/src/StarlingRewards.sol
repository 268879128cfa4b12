// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IStarlingRewards} from "./IStarlingRewards.sol";
import {ReceiptHash} from "./ReceiptHash.sol";
import {SwarmEscrow} from "./SwarmEscrow.sol";
import {ValidatorSignatures} from "./ValidatorSignatures.sol";

/// @title Starling rewards: claims against cumulative validator receipts
/// @notice Checks run in a fixed order (swarm status, deadline, typed-data hash, signatures, amount, escrow), then
/// state is written, then the event, then the token moves. Tokens always go to the receipt's contributor, so who
/// submits a claim does not matter.
contract StarlingRewards is SwarmEscrow, EIP712 {
    using SafeERC20 for IERC20;

    mapping(bytes32 swarm => mapping(address contributor => uint256 units)) internal _paid;

    constructor() EIP712("Starling Rewards", "1") {}

    /// @inheritdoc IStarlingRewards
    function claim(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline, bytes calldata signatures)
        external
        returns (uint256 amount)
    {
        Swarm storage s = _swarms[swarm];
        _requireClaimable(swarm, s.status);
        _verifyReceipt(swarm, s.threshold, contributor, totalUnits, deadline, signatures);
        uint256 paid = _paid[swarm][contributor];
        if (totalUnits <= paid) revert NothingToClaim(swarm, contributor, totalUnits, paid);
        amount = _settle(s, swarm, s.rewardPerUnit, contributor, totalUnits, paid);
        IERC20(s.token).safeTransfer(contributor, amount);
    }

    /// @inheritdoc IStarlingRewards
    function claimBatch(bytes32 swarm, SignedReceipt[] calldata receipts) external returns (uint256 amount) {
        Swarm storage s = _swarms[swarm];
        _requireClaimable(swarm, s.status);
        // The terms never change, so they are read once. Paid units and escrow are read afresh for every receipt
        // (warm, 100 gas each): a token that calls the recipient back (ERC-777 hooks) may let it claim again in
        // between, and a copy of the escrow kept across that transfer would overwrite that claim's debit.
        uint256 threshold = s.threshold;
        uint256 rate = s.rewardPerUnit;
        IERC20 token = IERC20(s.token);
        for (uint256 i; i < receipts.length; ++i) {
            SignedReceipt calldata r = receipts[i];
            _verifyReceipt(swarm, threshold, r.contributor, r.totalUnits, r.deadline, r.signatures);
            uint256 paid = _paid[swarm][r.contributor];
            if (r.totalUnits <= paid) continue;
            uint256 paidNow = _settle(s, swarm, rate, r.contributor, r.totalUnits, paid);
            amount += paidNow;
            token.safeTransfer(r.contributor, paidNow);
        }
    }

    /// @inheritdoc IStarlingRewards
    function receiptDigest(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline)
        external
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(ReceiptHash.hash(swarm, contributor, totalUnits, deadline));
    }

    /// @inheritdoc IStarlingRewards
    function paidUnits(bytes32 swarm, address contributor) external view returns (uint256) {
        return _paid[swarm][contributor];
    }

    function _verifyReceipt(
        bytes32 swarm,
        uint256 threshold,
        address contributor,
        uint256 totalUnits,
        uint256 deadline,
        bytes calldata signatures
    ) private view {
        if (block.timestamp > deadline) revert ReceiptExpired(deadline, block.timestamp);
        bytes32 digest = _hashTypedDataV4(ReceiptHash.hash(swarm, contributor, totalUnits, deadline));
        ValidatorSignatures.verify(digest, signatures, threshold, _validators[swarm]);
    }

    /// @dev Records a payment for units (paid, totalUnits] against the escrow and returns its amount.
    function _settle(Swarm storage s, bytes32 swarm, uint256 rate, address contributor, uint256 totalUnits, uint256 paid)
        private
        returns (uint256 amount)
    {
        amount = (totalUnits - paid) * rate;
        uint256 escrow = s.escrow;
        if (amount > escrow) revert InsufficientEscrow(swarm, amount, escrow);
        _paid[swarm][contributor] = totalUnits;
        s.escrow = uint128(escrow - amount);
        emit Claimed(swarm, contributor, totalUnits, amount);
    }

    /// @dev Claims are honoured while the swarm is Open or Ended, until the proposer's withdrawal closes it.
    function _requireClaimable(bytes32 swarm, SwarmStatus status) private pure {
        if (status == SwarmStatus.Open || status == SwarmStatus.Ended) return;
        _requireStatus(swarm, status, SwarmStatus.Open);
    }
}
