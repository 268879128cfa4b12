// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IStarlingRewards} from "../../src/IStarlingRewards.sol";

/// @notice Calls back into `deposit` from inside `transferFrom`, as a hostile token could.
contract ReentrantToken is ERC20 {
    IStarlingRewards internal rewards;
    bytes32 internal swarm;

    constructor() ERC20("Hostile", "HOST") {}

    function arm(IStarlingRewards rewards_, bytes32 swarm_) external {
        (rewards, swarm) = (rewards_, swarm_);
        _mint(address(this), 1e18);
        _approve(address(this), address(rewards_), type(uint256).max);
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (address(rewards) != address(0) && from != address(this)) rewards.deposit(swarm, 1);
        return super.transferFrom(from, to, value);
    }
}
