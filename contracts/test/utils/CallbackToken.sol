// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receives a CallbackToken transfer, like an ERC-777 `tokensReceived` hook.
interface ITokenRecipient {
    function tokensReceived(uint256 amount) external;
}

/// @notice Calls a recipient back after every transfer to it, once it has opted in (as ERC-777 recipients register).
contract CallbackToken is ERC20 {
    mapping(address => bool) public wantsCallbacks;

    constructor() ERC20("Callback", "CALL") {}

    function register() external {
        wantsCallbacks[msg.sender] = true;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (wantsCallbacks[to]) ITokenRecipient(to).tokensReceived(value);
    }
}
