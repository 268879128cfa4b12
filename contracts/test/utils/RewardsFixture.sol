// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StarlingRewards} from "../../src/StarlingRewards.sol";
import {StarlingToken} from "../../src/StarlingToken.sol";
import {Signing} from "./Signing.sol";
import {Test} from "./Test.sol";

/// @notice A token, a rewards contract, and two funded swarms: one 1-of-1 and one 2-of-3, with helpers that sign
/// receipts as their validators.
abstract contract RewardsFixture is Test {
    StarlingToken internal token;
    StarlingRewards internal rewards;

    address internal proposer = address(0xB0B);
    uint256[3] internal validatorKeys = [uint256(0xA11CE), 0xB0B0, 0xCAFE];
    bytes32 internal constant SOLO = keccak256("swarm with one validator");
    bytes32 internal constant TRIO = keccak256("swarm with two of three validators");
    uint256 internal constant RATE = 1e15;
    uint256 internal constant FUNDS = 1e24;
    uint32 internal constant WINDOW = 1 days;

    function setUp() public virtual {
        token = new StarlingToken("Starling Reward", "STAR", address(this));
        rewards = new StarlingRewards();
        address[] memory solo = new address[](1);
        solo[0] = vm.addr(validatorKeys[0]);
        address[] memory trio = new address[](3);
        for (uint256 i; i < 3; ++i) trio[i] = vm.addr(validatorKeys[i]);
        vm.startPrank(proposer);
        rewards.createSwarm(SOLO, address(token), RATE, solo, 1, WINDOW);
        rewards.createSwarm(TRIO, address(token), RATE, trio, 2, WINDOW);
        vm.stopPrank();
        fund(SOLO, FUNDS);
        fund(TRIO, FUNDS);
    }

    function fund(bytes32 swarm, uint256 amount) internal {
        token.mint(proposer, amount);
        vm.startPrank(proposer);
        token.approve(address(rewards), amount);
        rewards.deposit(swarm, amount);
        vm.stopPrank();
    }

    /// @notice One EIP-2098 compact signature by `key` over the receipt's digest on this chain and contract.
    function signature(uint256 key, bytes32 swarm, address contributor, uint256 total, uint256 deadline)
        internal
        view
        returns (bytes memory)
    {
        return Signing.compact(key, rewards.receiptDigest(swarm, contributor, total, deadline));
    }

    /// @notice Signatures by `keys`, in ascending signer order as the contract requires.
    function signatures(uint256[] memory keys, bytes32 swarm, address contributor, uint256 total, uint256 deadline)
        internal
        view
        returns (bytes memory)
    {
        return Signing.ascending(keys, rewards.receiptDigest(swarm, contributor, total, deadline));
    }

    /// @notice A receipt for the 1-of-1 swarm.
    function soloSignature(address contributor, uint256 total, uint256 deadline) internal view returns (bytes memory) {
        return signature(validatorKeys[0], SOLO, contributor, total, deadline);
    }

    /// @notice A receipt for the 2-of-3 swarm signed by validators `a` and `b` (indices into validatorKeys).
    function trioSignatures(uint256 a, uint256 b, address contributor, uint256 total, uint256 deadline)
        internal
        view
        returns (bytes memory)
    {
        uint256[] memory keys = new uint256[](2);
        keys[0] = validatorKeys[a];
        keys[1] = validatorKeys[b];
        return signatures(keys, TRIO, contributor, total, deadline);
    }
}
