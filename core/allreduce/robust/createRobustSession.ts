// Orchestration of one robust all-reduce attempt on one member (the data side is createRobustExchange): sends
// every other member its frames on a queue per link, feeds every member's frames to the exchange, watches
// liveness, and settles exactly once through the same lifecycle as the ring's session (createAttemptLifecycle):
// every failure goes through `fail`, which stops sending, tells the others when this member detected it, and
// rejects; a member resolves only after every member said `done`.
//
// A contribution that does not match its commitment fails the attempt (CommitmentMismatchError on the owner, with
// the evidence; the others rebuild a ProtocolViolationError from the abort). Leaving the contribution out and
// finishing without it was the alternative: it saves the retry, but the liar would then count as a contributor of
// a version built partly from its other chunks, and its units would be paid. Aborting is the one failure path of
// docs/architecture.md §4: the leader retries without the culprit, whose units for the round are lost, and the
// others' gradients stay valid, so a lie costs the swarm one retry and the liar its seat.

import { allFinite } from '../allFinite.ts'
import type { AttemptKey } from '../attemptKey.ts'
import { createAttemptLifecycle } from '../createAttemptLifecycle.ts'
import type { AllReduceSession, SessionContext } from '../createAllReduceSession.ts'
import { CommitmentMismatchError } from '../errors.ts'
import { headerBytes } from '../frame.ts'
import { createPartition } from '../partition.ts'
import type { CenteredClipParameters } from './centeredClip.ts'
import { createRobustExchange, type RobustAcceptance, type RobustItem } from './createRobustExchange.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type RobustSessionOptions = {
  clip: CenteredClipParameters
  /** Each member's commitments, one hash per chunk in member order; absent: contributions are not checked. */
  commitments: ReadonlyMap<PeerId, readonly Hex[]> | undefined
}

export function createRobustSession(
  context: SessionContext,
  key: AttemptKey,
  members: readonly PeerId[],
  input: Float32Array,
  { clip, commitments }: RobustSessionOptions,
): AllReduceSession {
  const { transport, codec, frameBytes } = context
  const self = transport.self
  const { round, attempt } = key
  const size = members.length
  const rank = members.indexOf(self)
  const others = Array.from({ length: size - 1 }, (_, i) => members[(rank + 1 + i) % size]!)
  const rankOf = new Map(members.map((peer, index) => [peer, index]))

  const residual = codec.lossy && context.feedback ? new Float32Array(input.length) : undefined
  const work = new Float32Array(input.length)
  const lifecycle = createAttemptLifecycle(context, key, members, {
    work,
    residual,
    remaining: () => exchange.remaining(),
    awaited,
    windowPeer: others[0] ?? self,
  })
  const { failure, fail } = lifecycle
  const carried = codec.lossy ? context.feedback?.carried(input.length) : undefined
  // Without a residual the input is the contribution: it is only read, and a copy of 16 MiB costs the first frame.
  const contribution = carried ? Float32Array.from(input, (value, i) => value + carried[i]!) : input
  const partition = createPartition(input.length, size, codec.valuesPerPayload(frameBytes - headerBytes))
  const finite = allFinite(contribution)
  const exchange = createRobustExchange({
    rank,
    size,
    codec,
    partition,
    contribution,
    commitments: commitments && members.map((peer) => commitments.get(peer) ?? []),
    clip,
    work,
    residual,
    header: { swarm: context.swarm, round, attempt },
  })
  const queues = new Map(others.map((peer) => [peer, lifecycle.queueTo(peer, exchange.frameOf)]))

  function push(items: readonly RobustItem[]) {
    for (const item of items) queues.get(members[item.to]!)!.push(item)
  }

  function settleOn(acceptance: RobustAcceptance, from: PeerId): boolean {
    if (acceptance.ok) return (push(acceptance.next), true)
    if (acceptance.reason === 'commitment-mismatch')
      fail(new CommitmentMismatchError({ peer: from, round, attempt, reportedBy: self }, acceptance.evidence))
    else if (acceptance.reason === 'own-non-finite') fail(failure(self, 'non-finite', acceptance.details))
    else fail(failure(from, acceptance.reason, acceptance.details))
    return false
  }

  /**
   * The member whose data this one waits on longest: the first, in ring order, that still owes a frame.
   * findUnresponsive is the ring's rule with one data sender; here the awaited member stands in for it, and every
   * other member's silence is judged without a window (their heartbeats may queue behind data too, but the 2 s
   * floor covers a window's drain at any rate the ring works at).
   */
  function awaited(): PeerId {
    return others.find((peer) => exchange.owes(rankOf.get(peer)!)) ?? others[0] ?? self
  }

  return {
    ...lifecycle.session,
    start() {
      if (!finite) return fail(failure(self, 'non-finite', 'this member’s own input holds NaN or Infinity'))
      lifecycle.begin()
      if (settleOn(exchange.initial(), self)) lifecycle.commit()
    },
    receive(from, frame, bytes) {
      if (!lifecycle.admits(from, frame)) return
      if (from === self) return fail(failure(from, 'malformed', 'data from this member to itself'))
      const acceptance = exchange.accept(rankOf.get(from)!, frame)
      lifecycle.received(from, bytes)
      if (settleOn(acceptance, from)) lifecycle.commit()
    },
  }
}
