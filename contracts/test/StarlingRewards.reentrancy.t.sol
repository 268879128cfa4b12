// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarlingRewards} from "../src/IStarlingRewards.sol";
import {CallbackToken, ITokenRecipient} from "./utils/CallbackToken.sol";
import {RewardsFixture} from "./utils/RewardsFixture.sol";

/// @notice A contributor contract that, when paid, claims again with a newer receipt it holds.
contract GreedyContributor is ITokenRecipient {
    IStarlingRewards internal rewards;
    bytes32 internal swarm;
    uint256 internal total;
    uint256 internal deadline;
    bytes internal signatures;

    function prepare(IStarlingRewards rewards_, bytes32 swarm_, uint256 total_, uint256 deadline_, bytes memory signatures_)
        external
    {
        (rewards, swarm, total, deadline, signatures) = (rewards_, swarm_, total_, deadline_, signatures_);
    }

    function tokensReceived(uint256) external {
        if (signatures.length == 0) return;
        bytes memory once = signatures;
        delete signatures;
        rewards.claim(swarm, address(this), total, deadline, once);
    }
}

/// @notice Tokens that call the recipient back must not let a claim inside a batch escape the escrow's books.
contract StarlingRewardsReentrancyTest is RewardsFixture {
    bytes32 internal constant HOOKED = keccak256("swarm paying in a callback token");

    function test_claimFromATransferHookInsideABatchIsDebited() public {
        CallbackToken hooked = new CallbackToken();
        address[] memory solo = new address[](1);
        solo[0] = vm.addr(validatorKeys[0]);
        rewards.createSwarm(HOOKED, address(hooked), RATE, solo, 1, WINDOW);
        hooked.mint(address(this), 100 * RATE);
        hooked.approve(address(rewards), 100 * RATE);
        rewards.deposit(HOOKED, 100 * RATE);

        uint256 deadline = block.timestamp + 1 hours;
        GreedyContributor greedy = new GreedyContributor();
        vm.prank(address(greedy));
        hooked.register();
        greedy.prepare(rewards, HOOKED, 20, deadline, signature(validatorKeys[0], HOOKED, address(greedy), 20, deadline));
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](2);
        batch[0] = IStarlingRewards.SignedReceipt(
            address(greedy), 10, deadline, signature(validatorKeys[0], HOOKED, address(greedy), 10, deadline)
        );
        batch[1] = IStarlingRewards.SignedReceipt(
            address(0xB2), 10, deadline, signature(validatorKeys[0], HOOKED, address(0xB2), 10, deadline)
        );
        rewards.claimBatch(HOOKED, batch);

        assertEq(hooked.balanceOf(address(greedy)), 20 * RATE, "greedy paid up to its newest receipt, once");
        assertEq(rewards.getSwarm(HOOKED).escrow, 70 * RATE, "escrow debited for all three payments");
        assertEq(hooked.balanceOf(address(rewards)), rewards.getSwarm(HOOKED).escrow, "holdings equal the escrow");
    }
}
