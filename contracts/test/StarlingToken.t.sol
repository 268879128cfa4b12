// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {StarlingToken} from "../src/StarlingToken.sol";
import {Test} from "./utils/Test.sol";

contract StarlingTokenTest is Test {
    StarlingToken internal token = new StarlingToken("Starling Reward", "STAR", address(this));

    function test_ownerMints() public {
        token.mint(address(0xA1), 5);
        assertEq(token.balanceOf(address(0xA1)), 5, "minted");
    }

    function test_othersCannotMint() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(0xA1)));
        vm.prank(address(0xA1));
        token.mint(address(0xA1), 5);
    }

    function test_permitApprovesBySignature() public {
        uint256 key = 0x0A11CE;
        address owner = vm.addr(key);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(this),
                100,
                0,
                block.timestamp
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        token.permit(owner, address(this), 100, block.timestamp, v, r, s);
        assertEq(token.allowance(owner, address(this)), 100, "allowance");
    }
}
