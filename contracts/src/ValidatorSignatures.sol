// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title Threshold check of validator signatures over one digest
/// @notice Signatures are 64-byte EIP-2098 compact signatures (r, yParityAndS), concatenated in strictly ascending
/// order of signer address. Ascending order proves the signers distinct without a bitmap or storage writes, and
/// compact signatures save a calldata word each over (r, s, v).
library ValidatorSignatures {
    /// @notice The signatures are not a whole number of 64-byte signatures.
    error MalformedSignatures(uint256 length);
    /// @notice Fewer signatures than the swarm's threshold.
    error NotEnoughSignatures(uint256 count, uint256 threshold);
    /// @notice Signature `index` does not recover to an address (bad r, or s in the upper half of the curve order).
    error InvalidSignature(uint256 index);
    /// @notice Signature `index` recovers to `signer`, which is not above the previous signer: a duplicate or unsorted.
    error SignersNotAscending(uint256 index, address signer, address previous);
    /// @notice Signature `index` recovers to `signer`, who is not a validator of this swarm.
    error SignerNotValidator(uint256 index, address signer);

    /// @notice Reverts unless every signature is a distinct validator's and there are at least `threshold` of them.
    function verify(
        bytes32 digest,
        bytes calldata signatures,
        uint256 threshold,
        mapping(address => bool) storage isValidator
    ) internal view {
        if (signatures.length % 64 != 0) revert MalformedSignatures(signatures.length);
        uint256 count = signatures.length / 64;
        if (count < threshold) revert NotEnoughSignatures(count, threshold);
        address previous;
        for (uint256 i; i < count; ++i) {
            bytes32 r;
            bytes32 vs;
            assembly ("memory-safe") {
                let p := add(signatures.offset, shl(6, i))
                r := calldataload(p)
                vs := calldataload(add(p, 0x20))
            }
            (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecover(digest, r, vs);
            if (recoverError != ECDSA.RecoverError.NoError) revert InvalidSignature(i);
            if (signer <= previous) revert SignersNotAscending(i, signer, previous);
            if (!isValidator[signer]) revert SignerNotValidator(i, signer);
            previous = signer;
        }
    }
}
