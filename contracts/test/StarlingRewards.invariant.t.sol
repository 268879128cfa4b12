// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RewardsFixture} from "./utils/RewardsFixture.sol";
import {RewardsHandler} from "./utils/RewardsHandler.sol";

/// @notice Money invariants under random sequences of deposits, claims, endings and withdrawals.
contract StarlingRewardsInvariantTest is RewardsFixture {
    RewardsHandler internal handler;

    function setUp() public override {
        super.setUp();
        uint256[] memory keys = new uint256[](3);
        (keys[0], keys[1], keys[2]) = (validatorKeys[0], validatorKeys[1], validatorKeys[2]);
        handler = new RewardsHandler(rewards, token, proposer, [SOLO, TRIO], keys, RATE);
        token.transferOwnership(address(handler));
        targetContract(address(handler));
    }

    /// @dev Every token deposited is either paid out, withdrawn, or still in escrow; so paid <= deposited.
    function invariant_escrowIsConserved() public view {
        for (uint256 i; i < 2; ++i) {
            bytes32 swarm = handler.swarms(i);
            uint256 deposited = FUNDS + handler.deposited(swarm);
            assertEq(handler.paid(swarm) + handler.withdrawn(swarm) + rewards.getSwarm(swarm).escrow, deposited, "conservation");
            assertTrue(handler.paid(swarm) <= deposited, "paid within deposits");
        }
    }

    function invariant_holdingsEqualTheEscrows() public view {
        assertEq(token.balanceOf(address(rewards)), rewards.getSwarm(SOLO).escrow + rewards.getSwarm(TRIO).escrow, "holdings");
    }

    /// @dev Each contributor holds exactly their last accepted total times the rate, in every swarm.
    function invariant_paidIsLastAcceptedTotalTimesRate() public view {
        for (uint256 c; c < 4; ++c) {
            address contributor = handler.contributors(c);
            uint256 expected;
            for (uint256 i; i < 2; ++i) {
                bytes32 swarm = handler.swarms(i);
                uint256 accepted = handler.lastAccepted(swarm, contributor);
                assertEq(rewards.paidUnits(swarm, contributor), accepted, "paid units");
                expected += accepted * RATE;
            }
            assertEq(token.balanceOf(contributor), expected, "contributor balance");
        }
    }
}
