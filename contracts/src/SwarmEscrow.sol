// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IStarlingRewards} from "./IStarlingRewards.sol";

/// @title Swarm lifecycle and escrow: create, fund, end, withdraw
/// @notice The claim side lives in StarlingRewards; this contract owns the storage both sides use.
abstract contract SwarmEscrow is IStarlingRewards, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    mapping(bytes32 swarm => Swarm) internal _swarms;
    mapping(bytes32 swarm => mapping(address account => bool)) internal _validators;

    /// @inheritdoc IStarlingRewards
    function createSwarm(
        bytes32 swarm,
        address token,
        uint256 rewardPerUnit,
        address[] calldata validators,
        uint256 threshold,
        uint32 claimWindow
    ) external {
        if (swarm == bytes32(0)) revert ZeroSwarmId();
        Swarm storage s = _swarms[swarm];
        if (s.status != SwarmStatus.None) revert SwarmExists(swarm);
        if (token.code.length == 0) revert InvalidToken(token);
        if (rewardPerUnit == 0 || rewardPerUnit > type(uint96).max) revert InvalidRewardPerUnit(rewardPerUnit);
        if (threshold == 0 || threshold > validators.length || validators.length > type(uint8).max) {
            revert InvalidThreshold(threshold, validators.length);
        }
        mapping(address => bool) storage isValidator_ = _validators[swarm];
        for (uint256 i; i < validators.length; ++i) {
            address validator = validators[i];
            if (validator == address(0) || isValidator_[validator]) revert InvalidValidator(validator);
            isValidator_[validator] = true;
        }
        s.rewardPerUnit = uint96(rewardPerUnit);
        s.threshold = uint8(threshold);
        s.status = SwarmStatus.Open;
        s.token = token;
        s.claimWindow = claimWindow;
        s.proposer = msg.sender;
        emit SwarmCreated(swarm, msg.sender, token, rewardPerUnit, validators, threshold, claimWindow);
    }

    /// @inheritdoc IStarlingRewards
    /// @dev Credits the balance change rather than `amount`, so a fee-on-transfer token cannot leave the escrow
    /// promising more than the contract holds. The guard keeps a re-entrant deposit from being counted twice.
    function deposit(bytes32 swarm, uint256 amount) external nonReentrant returns (uint256 credited) {
        Swarm storage s = _swarms[swarm];
        _requireStatus(swarm, s.status, SwarmStatus.Open);
        if (amount == 0) revert ZeroDeposit(swarm);
        IERC20 token = IERC20(s.token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        credited = token.balanceOf(address(this)) - before;
        if (credited == 0) revert ZeroDeposit(swarm);
        uint128 escrow = SafeCast.toUint128(s.escrow + credited);
        s.escrow = escrow;
        emit Deposited(swarm, msg.sender, credited, escrow);
    }

    /// @inheritdoc IStarlingRewards
    function endSwarm(bytes32 swarm) external {
        Swarm storage s = _proposerSwarm(swarm);
        _requireStatus(swarm, s.status, SwarmStatus.Open);
        uint256 closeAt = block.timestamp + s.claimWindow;
        s.status = SwarmStatus.Ended;
        s.claimsCloseAt = uint40(closeAt);
        emit SwarmEnded(swarm, closeAt);
    }

    /// @inheritdoc IStarlingRewards
    function withdraw(bytes32 swarm) external returns (uint256 amount) {
        Swarm storage s = _proposerSwarm(swarm);
        _requireStatus(swarm, s.status, SwarmStatus.Ended);
        if (block.timestamp < s.claimsCloseAt) revert ClaimWindowOpen(swarm, s.claimsCloseAt, block.timestamp);
        amount = s.escrow;
        s.escrow = 0;
        s.status = SwarmStatus.Closed;
        emit Withdrawn(swarm, msg.sender, amount);
        IERC20(s.token).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStarlingRewards
    function getSwarm(bytes32 swarm) external view returns (Swarm memory) {
        return _swarms[swarm];
    }

    /// @inheritdoc IStarlingRewards
    function isValidator(bytes32 swarm, address account) external view returns (bool) {
        return _validators[swarm][account];
    }

    function _proposerSwarm(bytes32 swarm) private view returns (Swarm storage s) {
        s = _swarms[swarm];
        if (msg.sender != s.proposer) {
            if (s.status == SwarmStatus.None) revert UnknownSwarm(swarm);
            revert NotProposer(swarm, msg.sender, s.proposer);
        }
    }

    function _requireStatus(bytes32 swarm, SwarmStatus status, SwarmStatus expected) internal pure {
        if (status == expected) return;
        if (status == SwarmStatus.None) revert UnknownSwarm(swarm);
        revert WrongSwarmStatus(swarm, status);
    }
}
