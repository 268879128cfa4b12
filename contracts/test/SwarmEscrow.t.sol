// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IStarlingRewards} from "../src/IStarlingRewards.sol";
import {FeeOnTransferToken} from "./utils/FeeOnTransferToken.sol";
import {RewardsFixture} from "./utils/RewardsFixture.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";

/// @notice Swarm lifecycle: creation rules, deposits, ending and withdrawal.
contract SwarmEscrowTest is RewardsFixture {
    bytes32 internal constant NEW = keccak256("new swarm");

    function validators(uint256 count) internal pure returns (address[] memory list) {
        list = new address[](count);
        for (uint256 i; i < count; ++i) list[i] = address(uint160(0x100 + i));
    }

    function test_createStoresTheTerms() public {
        address[] memory set = validators(3);
        vm.expectEmit(true, true, true, true);
        emit IStarlingRewards.SwarmCreated(NEW, address(this), address(token), 7, set, 2, 3600);
        rewards.createSwarm(NEW, address(token), 7, set, 2, 3600);
        IStarlingRewards.Swarm memory s = rewards.getSwarm(NEW);
        assertEq(s.rewardPerUnit, 7, "rate");
        assertEq(s.threshold, 2, "threshold");
        assertEq(uint256(s.status), uint256(IStarlingRewards.SwarmStatus.Open), "status");
        assertEq(s.token, address(token), "token");
        assertEq(s.claimWindow, 3600, "window");
        assertEq(s.proposer, address(this), "proposer");
        assertEq(s.escrow, 0, "escrow");
        for (uint256 i; i < 3; ++i) assertTrue(rewards.isValidator(NEW, set[i]), "validator");
        assertTrue(!rewards.isValidator(NEW, address(this)), "not a validator");
    }

    function test_createRejectsBadTerms() public {
        address[] memory one = validators(1);
        vm.expectRevert(IStarlingRewards.ZeroSwarmId.selector);
        rewards.createSwarm(bytes32(0), address(token), 1, one, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.SwarmExists.selector, SOLO));
        rewards.createSwarm(SOLO, address(token), 1, one, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidToken.selector, address(0xDEAD)));
        rewards.createSwarm(NEW, address(0xDEAD), 1, one, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidRewardPerUnit.selector, 0));
        rewards.createSwarm(NEW, address(token), 0, one, 1, 0);
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidRewardPerUnit.selector, tooLarge));
        rewards.createSwarm(NEW, address(token), tooLarge, one, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidThreshold.selector, 0, 1));
        rewards.createSwarm(NEW, address(token), 1, one, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidThreshold.selector, 2, 1));
        rewards.createSwarm(NEW, address(token), 1, one, 2, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidThreshold.selector, 1, 256));
        rewards.createSwarm(NEW, address(token), 1, validators(256), 1, 0);
    }

    function test_createRejectsZeroOrDuplicateValidators() public {
        address[] memory set = validators(3);
        set[2] = set[0];
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidValidator.selector, set[0]));
        rewards.createSwarm(NEW, address(token), 1, set, 2, 0);
        set[2] = address(0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InvalidValidator.selector, address(0)));
        rewards.createSwarm(NEW, address(token), 1, set, 2, 0);
    }

    function test_anyoneMayTopUpAnOpenSwarm() public {
        token.mint(address(this), 500);
        token.approve(address(rewards), 500);
        vm.expectEmit(true, true, false, true);
        emit IStarlingRewards.Deposited(SOLO, address(this), 500, FUNDS + 500);
        assertEq(rewards.deposit(SOLO, 500), 500, "credited");
        assertEq(rewards.getSwarm(SOLO).escrow, FUNDS + 500, "escrow");
    }

    function test_depositRejectsZeroUnknownAndEnded() public {
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.ZeroDeposit.selector, SOLO));
        rewards.deposit(SOLO, 0);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.UnknownSwarm.selector, NEW));
        rewards.deposit(NEW, 1);
        vm.prank(proposer);
        rewards.endSwarm(SOLO);
        vm.expectRevert(
            abi.encodeWithSelector(IStarlingRewards.WrongSwarmStatus.selector, SOLO, IStarlingRewards.SwarmStatus.Ended)
        );
        rewards.deposit(SOLO, 1);
    }

    function test_feeOnTransferDepositCreditsWhatArrives() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        rewards.createSwarm(NEW, address(fee), 1, validators(1), 1, 0);
        fee.mint(address(this), 1000);
        fee.approve(address(rewards), 1000);
        assertEq(rewards.deposit(NEW, 1000), 990, "credited");
        assertEq(rewards.getSwarm(NEW).escrow, fee.balanceOf(address(rewards)), "escrow equals holdings");
    }

    function test_reentrantDepositIsRefused() public {
        ReentrantToken hostile = new ReentrantToken();
        rewards.createSwarm(NEW, address(hostile), 1, validators(1), 1, 0);
        hostile.arm(rewards, NEW);
        hostile.mint(address(this), 1000);
        hostile.approve(address(rewards), 1000);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        rewards.deposit(NEW, 1000);
    }

    function test_onlyTheProposerEndsAndWithdraws() public {
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.NotProposer.selector, SOLO, address(this), proposer));
        rewards.endSwarm(SOLO);
        vm.prank(proposer);
        rewards.endSwarm(SOLO);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.NotProposer.selector, SOLO, address(this), proposer));
        rewards.withdraw(SOLO);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.UnknownSwarm.selector, NEW));
        rewards.endSwarm(NEW);
    }

    function test_endStartsTheClaimWindowAndWithdrawalClosesTheSwarm() public {
        vm.startPrank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(IStarlingRewards.WrongSwarmStatus.selector, SOLO, IStarlingRewards.SwarmStatus.Open)
        );
        rewards.withdraw(SOLO);
        uint256 closesAt = block.timestamp + WINDOW;
        vm.expectEmit(true, false, false, true);
        emit IStarlingRewards.SwarmEnded(SOLO, closesAt);
        rewards.endSwarm(SOLO);
        assertEq(rewards.getSwarm(SOLO).claimsCloseAt, closesAt, "claims close at");
        vm.expectRevert(
            abi.encodeWithSelector(IStarlingRewards.WrongSwarmStatus.selector, SOLO, IStarlingRewards.SwarmStatus.Ended)
        );
        rewards.endSwarm(SOLO);
        vm.warp(closesAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.ClaimWindowOpen.selector, SOLO, closesAt, closesAt - 1));
        rewards.withdraw(SOLO);
        vm.warp(closesAt);
        vm.expectEmit(true, true, false, true);
        emit IStarlingRewards.Withdrawn(SOLO, proposer, FUNDS);
        assertEq(rewards.withdraw(SOLO), FUNDS, "withdrawn");
        assertEq(token.balanceOf(proposer), FUNDS, "proposer refunded");
        assertEq(token.balanceOf(address(rewards)), FUNDS, "the other swarm's escrow stays");
        assertEq(uint256(rewards.getSwarm(SOLO).status), uint256(IStarlingRewards.SwarmStatus.Closed), "closed");
        vm.expectRevert(
            abi.encodeWithSelector(IStarlingRewards.WrongSwarmStatus.selector, SOLO, IStarlingRewards.SwarmStatus.Closed)
        );
        rewards.withdraw(SOLO);
        vm.stopPrank();
    }
}
