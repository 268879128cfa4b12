// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EIP-712 struct hash of a Starling receipt
/// @notice Mirrored by core/rewards/receiptTypes.ts; the digest test in contracts/ keeps the two in step.
library ReceiptHash {
    /// @dev keccak256("Receipt(bytes32 swarm,address contributor,uint256 totalUnits,uint256 deadline)")
    bytes32 internal constant TYPEHASH = keccak256("Receipt(bytes32 swarm,address contributor,uint256 totalUnits,uint256 deadline)");

    /// @notice hashStruct(Receipt) as defined by EIP-712.
    function hash(bytes32 swarm, address contributor, uint256 totalUnits, uint256 deadline)
        internal
        pure
        returns (bytes32 result)
    {
        bytes32 typehash = TYPEHASH;
        // Hashes in scratch space past the free-memory pointer instead of allocating with abi.encode: this runs
        // once per receipt, so the saved allocation matters in batches.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typehash)
            mstore(add(m, 0x20), swarm)
            mstore(add(m, 0x40), and(contributor, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x60), totalUnits)
            mstore(add(m, 0x80), deadline)
            result := keccak256(m, 0xa0)
        }
    }
}
