// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarlingRewards} from "../src/IStarlingRewards.sol";
import {StarlingRewards} from "../src/StarlingRewards.sol";
import {ValidatorSignatures} from "../src/ValidatorSignatures.sol";
import {RewardsFixture} from "./utils/RewardsFixture.sol";

/// @notice Claims: payment arithmetic, and every way a receipt or its signatures can be wrong.
contract StarlingRewardsTest is RewardsFixture {
    struct Receipt {
        bytes32 swarm;
        address contributor;
        uint256 total;
        uint256 deadline;
    }

    address internal constant ALICE = address(0xA1);
    address internal constant BOB = address(0xB2);
    bytes32 internal constant SOLO_TWIN = keccak256("another swarm with the same validator");
    uint256 internal deadline;

    function setUp() public override {
        super.setUp();
        vm.warp(1_000_000);
        deadline = block.timestamp + 1 hours;
        address[] memory solo = new address[](1);
        solo[0] = vm.addr(validatorKeys[0]);
        vm.prank(proposer);
        rewards.createSwarm(SOLO_TWIN, address(token), RATE, solo, 1, WINDOW);
        fund(SOLO_TWIN, FUNDS);
    }

    function claimSolo(address contributor, uint256 total) internal returns (uint256) {
        return rewards.claim(SOLO, contributor, total, deadline, soloSignature(contributor, total, deadline));
    }

    function test_claimPaysUnitsTimesRate() public {
        vm.expectEmit(true, true, false, true);
        emit IStarlingRewards.Claimed(SOLO, ALICE, 10, 10 * RATE);
        assertEq(claimSolo(ALICE, 10), 10 * RATE, "returned amount");
        assertEq(token.balanceOf(ALICE), 10 * RATE, "contributor balance");
        assertEq(rewards.paidUnits(SOLO, ALICE), 10, "paid units");
        assertEq(rewards.getSwarm(SOLO).escrow, FUNDS - 10 * RATE, "escrow");
    }

    function test_laterReceiptPaysOnlyTheDifference() public {
        claimSolo(ALICE, 10);
        assertEq(claimSolo(ALICE, 25), 15 * RATE, "second payment");
        assertEq(token.balanceOf(ALICE), 25 * RATE, "balance");
    }

    function test_anyoneMaySubmitButTheContributorIsPaid() public {
        bytes memory sigs = soloSignature(ALICE, 7, deadline);
        vm.prank(BOB);
        rewards.claim(SOLO, ALICE, 7, deadline, sigs);
        assertEq(token.balanceOf(ALICE), 7 * RATE, "contributor");
        assertEq(token.balanceOf(BOB), 0, "submitter");
    }

    function test_replayPaysNothing() public {
        claimSolo(ALICE, 10);
        bytes memory sigs = soloSignature(ALICE, 10, deadline);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.NothingToClaim.selector, SOLO, ALICE, 10, 10));
        rewards.claim(SOLO, ALICE, 10, deadline, sigs);
        assertEq(token.balanceOf(ALICE), 10 * RATE, "balance unchanged");
    }

    function test_olderReceiptPaysNothing() public {
        bytes memory older = soloSignature(ALICE, 10, deadline);
        claimSolo(ALICE, 20);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.NothingToClaim.selector, SOLO, ALICE, 10, 20));
        rewards.claim(SOLO, ALICE, 10, deadline, older);
    }

    function test_tamperedSwarmIsRejected() public {
        Receipt memory signed = Receipt(SOLO, ALICE, 10, deadline);
        assertTamperedRejected(signed, Receipt(SOLO_TWIN, ALICE, 10, deadline));
    }

    function test_tamperedContributorIsRejected() public {
        assertTamperedRejected(Receipt(SOLO, ALICE, 10, deadline), Receipt(SOLO, BOB, 10, deadline));
    }

    function test_tamperedTotalIsRejected() public {
        assertTamperedRejected(Receipt(SOLO, ALICE, 10, deadline), Receipt(SOLO, ALICE, 11, deadline));
    }

    function test_tamperedDeadlineIsRejected() public {
        assertTamperedRejected(Receipt(SOLO, ALICE, 10, deadline), Receipt(SOLO, ALICE, 10, deadline + 1));
    }

    function testFuzz_tamperedTotalIsRejected(uint256 signedTotal, uint256 claimedTotal) public {
        vm.assume(signedTotal != claimedTotal && claimedTotal > 0);
        assertTamperedRejected(Receipt(SOLO, ALICE, signedTotal, deadline), Receipt(SOLO, ALICE, claimedTotal, deadline));
    }

    function test_receiptForAnotherChainIsRejected() public {
        vm.chainId(1);
        bytes32 foreign = rewards.receiptDigest(SOLO, ALICE, 10, deadline);
        vm.chainId(31337);
        assertSignedDigestRejected(foreign, Receipt(SOLO, ALICE, 10, deadline));
    }

    function test_receiptForAnotherContractIsRejected() public {
        StarlingRewards other = new StarlingRewards();
        assertSignedDigestRejected(other.receiptDigest(SOLO, ALICE, 10, deadline), Receipt(SOLO, ALICE, 10, deadline));
    }

    function test_expiredReceiptIsRejected() public {
        uint256 past = block.timestamp - 1;
        bytes memory sigs = soloSignature(ALICE, 10, past);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.ReceiptExpired.selector, past, block.timestamp));
        rewards.claim(SOLO, ALICE, 10, past, sigs);
    }

    function test_deadlineItselfIsStillValid() public {
        bytes memory sigs = soloSignature(ALICE, 10, block.timestamp);
        rewards.claim(SOLO, ALICE, 10, block.timestamp, sigs);
    }

    function test_fewerSignaturesThanThresholdAreRejected() public {
        bytes memory one = signature(validatorKeys[0], TRIO, ALICE, 10, deadline);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.NotEnoughSignatures.selector, 1, 2));
        rewards.claim(TRIO, ALICE, 10, deadline, one);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.NotEnoughSignatures.selector, 0, 1));
        rewards.claim(SOLO, ALICE, 10, deadline, "");
    }

    function test_duplicatedValidatorSignatureIsRejected() public {
        bytes memory one = signature(validatorKeys[1], TRIO, ALICE, 10, deadline);
        address signer = vm.addr(validatorKeys[1]);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.SignersNotAscending.selector, 1, signer, signer));
        rewards.claim(TRIO, ALICE, 10, deadline, bytes.concat(one, one));
    }

    function test_unsortedSignaturesAreRejected() public {
        bytes memory sorted = trioSignatures(0, 1, ALICE, 10, deadline);
        bytes memory swapped = bytes.concat(slice(sorted, 64, 128), slice(sorted, 0, 64));
        (address low, address high) = sortedPair(vm.addr(validatorKeys[0]), vm.addr(validatorKeys[1]));
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.SignersNotAscending.selector, 1, low, high));
        rewards.claim(TRIO, ALICE, 10, deadline, swapped);
    }

    function test_nonValidatorSignerIsRejected() public {
        uint256 strangerKey = 0x5714;
        bytes memory sigs = signature(strangerKey, SOLO, ALICE, 10, deadline);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.SignerNotValidator.selector, 0, vm.addr(strangerKey)));
        rewards.claim(SOLO, ALICE, 10, deadline, sigs);
    }

    function test_nonValidatorCannotMakeUpTheThreshold() public {
        uint256 strangerKey = 0x5714;
        uint256[] memory keys = new uint256[](2);
        (keys[0], keys[1]) = (validatorKeys[2], strangerKey);
        bytes memory sigs = signatures(keys, TRIO, ALICE, 10, deadline);
        address stranger = vm.addr(strangerKey);
        uint256 index = stranger > vm.addr(validatorKeys[2]) ? 1 : 0;
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.SignerNotValidator.selector, index, stranger));
        rewards.claim(TRIO, ALICE, 10, deadline, sigs);
    }

    function test_validatorOfAnotherSwarmIsRejected() public {
        address[] memory other = new address[](1);
        other[0] = vm.addr(0x07E4);
        vm.prank(proposer);
        rewards.createSwarm(keccak256("other"), address(token), RATE, other, 1, WINDOW);
        bytes memory sigs = signature(0x07E4, SOLO, ALICE, 10, deadline);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.SignerNotValidator.selector, 0, other[0]));
        rewards.claim(SOLO, ALICE, 10, deadline, sigs);
    }

    function test_malformedSignaturesAreRejected() public {
        bytes memory sigs = soloSignature(ALICE, 10, deadline);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.MalformedSignatures.selector, 63));
        rewards.claim(SOLO, ALICE, 10, deadline, slice(sigs, 0, 63));
    }

    function test_highSSignatureIsRejected() public {
        // EIP-2098 keeps 255 bits of s, so the only malleable values it can carry lie between n/2 and 2^255.
        bytes32 r = bytes32(uint256(1));
        bytes32 vs = bytes32(uint256(0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A1));
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.InvalidSignature.selector, 0));
        rewards.claim(SOLO, ALICE, 10, deadline, abi.encodePacked(r, vs));
    }

    function test_unrecoverableSignatureIsRejected() public {
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.InvalidSignature.selector, 0));
        rewards.claim(SOLO, ALICE, 10, deadline, new bytes(64));
    }

    function test_anyTwoOfThreeValidatorsPay() public {
        uint256 total;
        for (uint256 a; a < 3; ++a) {
            for (uint256 b = a + 1; b < 3; ++b) {
                total += 5;
                rewards.claim(TRIO, ALICE, total, deadline, trioSignatures(a, b, ALICE, total, deadline));
            }
        }
        assertEq(token.balanceOf(ALICE), 15 * RATE, "three claims of 5 units");
    }

    function test_signaturesBeyondThresholdAreAccepted() public {
        uint256[] memory keys = new uint256[](3);
        (keys[0], keys[1], keys[2]) = (validatorKeys[0], validatorKeys[1], validatorKeys[2]);
        rewards.claim(TRIO, ALICE, 10, deadline, signatures(keys, TRIO, ALICE, 10, deadline));
        assertEq(token.balanceOf(ALICE), 10 * RATE, "paid");
    }

    function test_claimBeyondEscrowIsRejected() public {
        uint256 units = FUNDS / RATE + 1;
        bytes memory sigs = soloSignature(ALICE, units, deadline);
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.InsufficientEscrow.selector, SOLO, units * RATE, FUNDS));
        rewards.claim(SOLO, ALICE, units, deadline, sigs);
    }

    function test_claimOnUnknownSwarmIsRejected() public {
        bytes32 unknown = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(IStarlingRewards.UnknownSwarm.selector, unknown));
        rewards.claim(unknown, ALICE, 10, deadline, "");
    }

    function test_claimsAreHonouredAfterEndUntilWithdrawal() public {
        vm.prank(proposer);
        rewards.endSwarm(SOLO);
        claimSolo(ALICE, 10);
        vm.warp(block.timestamp + WINDOW);
        deadline = block.timestamp + 1;
        claimSolo(ALICE, 20);
        vm.prank(proposer);
        rewards.withdraw(SOLO);
        bytes memory sigs = soloSignature(ALICE, 30, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IStarlingRewards.WrongSwarmStatus.selector, SOLO, IStarlingRewards.SwarmStatus.Closed)
        );
        rewards.claim(SOLO, ALICE, 30, deadline, sigs);
    }

    function testFuzz_anySequenceOfReceiptsPaysTheLargestTotal(uint24[6] memory totals, address submitter) public {
        uint256 largest;
        for (uint256 i; i < totals.length; ++i) {
            bytes memory sigs = soloSignature(ALICE, totals[i], deadline);
            if (totals[i] <= largest) {
                vm.expectRevert(
                    abi.encodeWithSelector(IStarlingRewards.NothingToClaim.selector, SOLO, ALICE, totals[i], largest)
                );
            } else {
                largest = totals[i];
            }
            vm.prank(submitter);
            rewards.claim(SOLO, ALICE, totals[i], deadline, sigs);
        }
        assertEq(token.balanceOf(ALICE), largest * RATE, "paid the largest total");
        assertEq(rewards.paidUnits(SOLO, ALICE), largest, "paid units");
    }

    function assertTamperedRejected(Receipt memory signed, Receipt memory claimed) internal {
        assertSignedDigestRejected(rewards.receiptDigest(signed.swarm, signed.contributor, signed.total, signed.deadline), claimed);
    }

    /// @dev Signs `digest` as the solo validator and submits it for `claimed`: the contract recovers some other
    /// address from it (the one ecrecover gives for the claimed receipt's digest) and must refuse it.
    function assertSignedDigestRejected(bytes32 digest, Receipt memory claimed) internal {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(validatorKeys[0], digest);
        bytes32 claimedDigest = rewards.receiptDigest(claimed.swarm, claimed.contributor, claimed.total, claimed.deadline);
        address recovered = ecrecover(claimedDigest, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ValidatorSignatures.SignerNotValidator.selector, 0, recovered));
        rewards.claim(
            claimed.swarm, claimed.contributor, claimed.total, claimed.deadline, abi.encodePacked(r, bytes32(uint256(s) | (uint256(v - 27) << 255)))
        );
    }

    function slice(bytes memory data, uint256 start, uint256 end) internal pure returns (bytes memory out) {
        out = new bytes(end - start);
        for (uint256 i = start; i < end; ++i) out[i - start] = data[i];
    }

    function sortedPair(address a, address b) internal pure returns (address, address) {
        return a < b ? (a, b) : (b, a);
    }
}
