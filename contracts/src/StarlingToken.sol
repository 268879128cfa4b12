// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title Starling reward token for local demos
/// @notice A plain ERC-20 with EIP-2612 permit (a proposer can approve and deposit without a separate approval
/// transaction); its owner mints. Production swarms may pay in any ERC-20.
contract StarlingToken is ERC20, ERC20Permit, Ownable {
    /// @param initialOwner The only account allowed to mint.
    constructor(string memory name, string memory symbol, address initialOwner)
        ERC20(name, symbol)
        ERC20Permit(name)
        Ownable(initialOwner)
    {}

    /// @notice Creates `amount` tokens for `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
