// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarlingRewards} from "../../src/IStarlingRewards.sol";
import {StarlingRewards} from "../../src/StarlingRewards.sol";
import {StarlingToken} from "../../src/StarlingToken.sol";
import {Signing} from "./Signing.sol";
import {Vm} from "./Vm.sol";

/// @notice Drives random sequences of deposits, claims (new, replayed and older receipts, single and batched, from
/// any submitter), endings, time jumps and withdrawals over two swarms sharing one token, and keeps ghost books
/// of what should have happened. It reverts only when the contract does something the books say it must not.
contract RewardsHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    error Unexpected(string what, bytes reason);

    StarlingRewards internal immutable rewards;
    StarlingToken internal immutable token;
    address internal immutable proposer;
    uint256 internal immutable rate;
    bytes32[2] public swarms;
    uint256[] internal keys;
    address[4] public contributors = [address(0xC0), address(0xC1), address(0xC2), address(0xC3)];

    mapping(bytes32 swarm => uint256) public deposited;
    mapping(bytes32 swarm => uint256) public paid;
    mapping(bytes32 swarm => uint256) public withdrawn;
    mapping(bytes32 swarm => mapping(address contributor => uint256 units)) public lastAccepted;
    mapping(bytes32 swarm => mapping(address contributor => uint256 units)) internal lastSigned;

    constructor(StarlingRewards rewards_, StarlingToken token_, address proposer_, bytes32[2] memory swarms_, uint256[] memory keys_, uint256 rate_) {
        (rewards, token, proposer, swarms, keys, rate) = (rewards_, token_, proposer_, swarms_, keys_, rate_);
    }

    function deposit(uint256 swarmSeed, uint256 amount) external {
        bytes32 swarm = swarms[swarmSeed % 2];
        amount = 1 + amount % 1e21;
        token.mint(proposer, amount);
        vm.startPrank(proposer);
        token.approve(address(rewards), amount);
        try rewards.deposit(swarm, amount) returns (uint256 credited) {
            deposited[swarm] += credited;
        } catch (bytes memory reason) {
            expect(reason, IStarlingRewards.WrongSwarmStatus.selector, status(swarm) != IStarlingRewards.SwarmStatus.Open);
        }
        vm.stopPrank();
    }

    function claim(uint256 swarmSeed, uint256 contributorSeed, uint256 units, address submitter, bool older) external {
        bytes32 swarm = swarms[swarmSeed % 2];
        address contributor = contributors[contributorSeed % 4];
        IStarlingRewards.SignedReceipt memory r = sign(swarm, contributor, units, older);
        uint256 before = lastAccepted[swarm][contributor];
        uint256 escrow = rewards.getSwarm(swarm).escrow;
        vm.prank(submitter);
        try rewards.claim(swarm, contributor, r.totalUnits, r.deadline, r.signatures) returns (uint256 amount) {
            if (r.totalUnits <= before || amount != (r.totalUnits - before) * rate) revert Unexpected("paid", "");
            record(swarm, contributor, r.totalUnits, amount);
        } catch (bytes memory reason) {
            if (status(swarm) == IStarlingRewards.SwarmStatus.Closed) {
                return expect(reason, IStarlingRewards.WrongSwarmStatus.selector, true);
            }
            if (r.totalUnits <= before) return expect(reason, IStarlingRewards.NothingToClaim.selector, true);
            expect(reason, IStarlingRewards.InsufficientEscrow.selector, (r.totalUnits - before) * rate > escrow);
        }
    }

    function claimBatch(uint256 swarmSeed, uint256 seed, uint256 count) external {
        bytes32 swarm = swarms[swarmSeed % 2];
        IStarlingRewards.SignedReceipt[] memory batch = new IStarlingRewards.SignedReceipt[](1 + count % 5);
        for (uint256 i; i < batch.length; ++i) {
            uint256 draw = uint256(keccak256(abi.encode(seed, i)));
            batch[i] = sign(swarm, contributors[draw % 4], draw >> 8, (draw >> 7) % 4 == 0);
        }
        // What the batch must pay, receipt by receipt, if it does not revert.
        uint256 expected;
        uint256[4] memory books;
        for (uint256 c; c < 4; ++c) books[c] = lastAccepted[swarm][contributors[c]];
        for (uint256 i; i < batch.length; ++i) {
            uint256 c = indexOf(batch[i].contributor);
            if (batch[i].totalUnits <= books[c]) continue;
            expected += (batch[i].totalUnits - books[c]) * rate;
            books[c] = batch[i].totalUnits;
        }
        try rewards.claimBatch(swarm, batch) returns (uint256 amount) {
            if (amount != expected) revert Unexpected("batch total", "");
            for (uint256 c; c < 4; ++c) {
                uint256 previous = lastAccepted[swarm][contributors[c]];
                if (books[c] > previous) record(swarm, contributors[c], books[c], (books[c] - previous) * rate);
            }
        } catch (bytes memory reason) {
            if (status(swarm) == IStarlingRewards.SwarmStatus.Closed) {
                return expect(reason, IStarlingRewards.WrongSwarmStatus.selector, true);
            }
            expect(reason, IStarlingRewards.InsufficientEscrow.selector, expected > rewards.getSwarm(swarm).escrow);
        }
    }

    /// @dev Ends a swarm one call in eight, so that most sequences spend their calls on claims first.
    function end(uint256 swarmSeed, uint8 chance) external {
        if (chance >= 32) return;
        bytes32 swarm = swarms[swarmSeed % 2];
        vm.prank(proposer);
        try rewards.endSwarm(swarm) {}
        catch (bytes memory reason) {
            expect(reason, IStarlingRewards.WrongSwarmStatus.selector, status(swarm) != IStarlingRewards.SwarmStatus.Open);
        }
    }

    function wait(uint256 secondsAhead) external {
        vm.warp(block.timestamp + secondsAhead % 2 days);
    }

    function withdraw(uint256 swarmSeed) external {
        bytes32 swarm = swarms[swarmSeed % 2];
        IStarlingRewards.Swarm memory s = rewards.getSwarm(swarm);
        vm.prank(proposer);
        try rewards.withdraw(swarm) returns (uint256 amount) {
            withdrawn[swarm] += amount;
        } catch (bytes memory reason) {
            if (s.status != IStarlingRewards.SwarmStatus.Ended) {
                return expect(reason, IStarlingRewards.WrongSwarmStatus.selector, true);
            }
            expect(reason, IStarlingRewards.ClaimWindowOpen.selector, block.timestamp < s.claimsCloseAt);
        }
    }

    /// @dev A new receipt extends the last one signed; an older one repeats or undercuts it.
    function sign(bytes32 swarm, address contributor, uint256 units, bool older)
        internal
        returns (IStarlingRewards.SignedReceipt memory r)
    {
        uint256 last = lastSigned[swarm][contributor];
        uint256 total = older ? units % (last + 1) : last + 1 + units % 2e5;
        if (!older) lastSigned[swarm][contributor] = total;
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = rewards.receiptDigest(swarm, contributor, total, deadline);
        uint256 threshold = rewards.getSwarm(swarm).threshold;
        // swarms[0] is validated by keys[0] alone, swarms[1] by all keys: any `threshold` consecutive ones will do.
        uint256 pool = swarm == swarms[0] ? 1 : keys.length;
        uint256[] memory signers = new uint256[](threshold);
        for (uint256 i; i < threshold; ++i) signers[i] = keys[(units % pool + i) % pool];
        r = IStarlingRewards.SignedReceipt(contributor, total, deadline, Signing.ascending(signers, digest));
    }

    function record(bytes32 swarm, address contributor, uint256 total, uint256 amount) internal {
        lastAccepted[swarm][contributor] = total;
        paid[swarm] += amount;
    }

    function status(bytes32 swarm) internal view returns (IStarlingRewards.SwarmStatus) {
        return rewards.getSwarm(swarm).status;
    }

    function indexOf(address contributor) internal view returns (uint256 c) {
        while (contributors[c] != contributor) ++c;
    }

    function expect(bytes memory reason, bytes4 selector, bool allowed) internal pure {
        if (!allowed || reason.length < 4 || bytes4(reason) != selector) revert Unexpected("revert", reason);
    }
}
