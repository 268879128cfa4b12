// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReceiptHash} from "../src/ReceiptHash.sol";
import {StarlingRewards} from "../src/StarlingRewards.sol";
import {Test} from "./utils/Test.sol";

/// @notice The hand-written struct hash and the exposed digest against EIP-712 computed the plain way.
contract ReceiptHashTest is Test {
    function test_typehashIsTheReceiptType() public pure {
        assertEq(
            ReceiptHash.TYPEHASH,
            keccak256("Receipt(bytes32 swarm,address contributor,uint256 totalUnits,uint256 deadline)"),
            "typehash"
        );
    }

    function testFuzz_hashIsAbiEncodedStructHash(bytes32 swarm, address contributor, uint256 total, uint256 deadline)
        public
        pure
    {
        assertEq(
            ReceiptHash.hash(swarm, contributor, total, deadline),
            keccak256(abi.encode(ReceiptHash.TYPEHASH, swarm, contributor, total, deadline)),
            "struct hash"
        );
    }

    function testFuzz_digestFollowsEip712(bytes32 swarm, address contributor, uint256 total, uint256 deadline) public {
        StarlingRewards rewards = new StarlingRewards();
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) = rewards.eip712Domain();
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifyingContract
            )
        );
        bytes32 structHash = keccak256(abi.encode(ReceiptHash.TYPEHASH, swarm, contributor, total, deadline));
        assertEq(
            rewards.receiptDigest(swarm, contributor, total, deadline),
            keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash)),
            "digest"
        );
        assertEq(keccak256(bytes(name)), keccak256("Starling Rewards"), "domain name");
        assertEq(keccak256(bytes(version)), keccak256("1"), "domain version");
    }
}
