// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarlingRewards} from "../src/IStarlingRewards.sol";
import {ValidatorSignatures} from "../src/ValidatorSignatures.sol";
import {RewardsFixture} from "./utils/RewardsFixture.sol";

/// @notice Batch claims: one transaction settles many receipts of one swarm.
contract StarlingRewardsBatchTest is RewardsFixture {
    uint256 internal deadline;

    function setUp() public override {
        super.setUp();
        deadline = block.timestamp + 1 hours;
    }

    function receipt(address contributor, uint256 total) internal view returns (IStarlingRewards.SignedReceipt memory) {
        return IStarlingRewards.SignedReceipt(contributor, total, deadline, soloSignature(contributor, total, deadline));
    }

    function contributor(uint256 i) internal pure returns (address) {
        return address(uint160(0x1000 + i));
    }

    function test_batchPaysEveryContributor() public {
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](5);
        for (uint256 i; i < batch.length; ++i) batch[i] = receipt(contributor(i), i + 1);
        assertEq(rewards.claimBatch(SOLO, batch), 15 * RATE, "total paid");
        for (uint256 i; i < batch.length; ++i) {
            assertEq(token.balanceOf(contributor(i)), (i + 1) * RATE, "each contributor");
            assertEq(rewards.paidUnits(SOLO, contributor(i)), i + 1, "paid units");
        }
        assertEq(rewards.getSwarm(SOLO).escrow, FUNDS - 15 * RATE, "escrow");
    }

    function test_batchSkipsReceiptsAlreadyPaid() public {
        IStarlingRewards.SignedReceipt memory first = receipt(contributor(0), 10);
        rewards.claim(SOLO, first.contributor, first.totalUnits, first.deadline, first.signatures);
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](2);
        (batch[0], batch[1]) = (first, receipt(contributor(1), 4));
        assertEq(rewards.claimBatch(SOLO, batch), 4 * RATE, "only the new receipt pays");
        assertEq(token.balanceOf(contributor(0)), 10 * RATE, "not paid twice");
    }

    function test_sameContributorTwiceInABatchIsPaidTheLargerTotalOnce() public {
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](3);
        (batch[0], batch[1], batch[2]) = (receipt(contributor(0), 10), receipt(contributor(0), 25), receipt(contributor(0), 20));
        assertEq(rewards.claimBatch(SOLO, batch), 25 * RATE, "total paid");
        assertEq(token.balanceOf(contributor(0)), 25 * RATE, "balance");
    }

    function test_oneBadSignatureRevertsTheBatch() public {
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](2);
        (batch[0], batch[1]) = (receipt(contributor(0), 10), receipt(contributor(1), 10));
        batch[1].totalUnits = 11;
        vm.expectPartialRevert(ValidatorSignatures.SignerNotValidator.selector);
        rewards.claimBatch(SOLO, batch);
        assertEq(token.balanceOf(contributor(0)), 0, "nothing paid");
    }

    function test_expiredReceiptRevertsTheBatch() public {
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](1);
        deadline = block.timestamp - 1;
        batch[0] = receipt(contributor(0), 10);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.ReceiptExpired.selector, deadline, block.timestamp));
        rewards.claimBatch(SOLO, batch);
    }

    function test_batchBeyondEscrowReverts() public {
        uint256 half = FUNDS / RATE / 2;
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](2);
        (batch[0], batch[1]) = (receipt(contributor(0), half), receipt(contributor(1), half + 1));
        vm.expectRevert(
            abi.encodeWithSelector(IStarlingRewards.InsufficientEscrow.selector, SOLO, (half + 1) * RATE, FUNDS - half * RATE)
        );
        rewards.claimBatch(SOLO, batch);
    }

    function test_batchNeedsTheThresholdForEachReceipt() public {
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](2);
        batch[0] = IStarlingRewards.SignedReceipt(contributor(0), 10, deadline, trioSignatures(0, 2, contributor(0), 10, deadline));
        batch[1] = IStarlingRewards.SignedReceipt(
            contributor(1), 10, deadline, signature(validatorKeys[1], TRIO, contributor(1), 10, deadline)
        );
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.NotEnoughSignatures.selector, 1, 2));
        rewards.claimBatch(TRIO, batch);
    }

    function test_emptyBatchPaysNothing() public {
        assertEq(rewards.claimBatch(SOLO, new IStarlingRewards.SignedReceipt[](0)), 0, "nothing");
    }

    function testFuzz_batchPaysWhatSingleClaimsWould(uint16[4] memory totals) public {
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](totals.length);
        uint256 sum;
        for (uint256 i; i < totals.length; ++i) {
            batch[i] = receipt(contributor(i % 2), totals[i]);
        }
        // Contributors 0 and 1 each end with the largest of their receipts.
        for (uint256 c; c < 2; ++c) {
            uint256 largest;
            for (uint256 i = c; i < totals.length; i += 2) if (totals[i] > largest) largest = totals[i];
            sum += largest;
        }
        assertEq(rewards.claimBatch(SOLO, batch), sum * RATE, "batch total");
        assertEq(token.balanceOf(contributor(0)) + token.balanceOf(contributor(1)), sum * RATE, "balances");
    }
}
