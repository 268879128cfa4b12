// Where and how a member fails, in the manner of hivemind's tests/test_allreduce_fault_tolerance.py: every case
// ends in the expected typed error on every member, naming the right peer and reason, or for a slow but live
// peer in the exact result; afterwards the survivors' next attempt succeeds.

import { describe, expect, test } from 'vitest'
import { createTestSwarm, type Outcome } from '../testing/createTestSwarm.ts'
import type { Interceptor } from '../testing/createTestNetwork.ts'
import { type AllReduceFailureError, PeerUnreachableError, ProtocolViolationError } from './errors.ts'
import { decodeFrame, headerBytes } from './frame.ts'

const round = 7
const frameBytes = 256

type Fault = {
  name: string
  /** Leaves the culprit in the ring but without outcome (it died or hung). */
  gone?: boolean
  expected?: {
    type: typeof PeerUnreachableError | typeof ProtocolViolationError
    reason: AllReduceFailureError['reason']
  }
  /** Rewrites the culprit's first matching data frame; `phase` picks reduce-scatter or all-gather frames. */
  rewrite?: (frame: Uint8Array) => readonly Uint8Array[]
  phase?: 'reduce' | 'gather'
  /** Acts on the swarm before the attempt starts, or when the first matching frame is sent. */
  before?: 'crash'
  during?: 'crash' | 'hang'
  slow?: boolean
}

const patched = (frame: Uint8Array, change: (view: DataView, frame: Uint8Array) => void) => {
  change(new DataView(frame.buffer, frame.byteOffset, frame.byteLength), frame)
  return [frame]
}

const faults: Fault[] = [
  {
    name: 'fail before start',
    gone: true,
    before: 'crash',
    expected: { type: PeerUnreachableError, reason: 'closed' },
  },
  {
    name: 'crash during reduce-scatter',
    gone: true,
    during: 'crash',
    phase: 'reduce',
    expected: { type: PeerUnreachableError, reason: 'closed' },
  },
  {
    name: 'crash during all-gather',
    gone: true,
    during: 'crash',
    phase: 'gather',
    expected: { type: PeerUnreachableError, reason: 'closed' },
  },
  { name: 'slow peer', slow: true },
  {
    name: 'silent hang',
    gone: true,
    during: 'hang',
    phase: 'reduce',
    expected: { type: PeerUnreachableError, reason: 'timeout' },
  },
  {
    name: 'corrupt frame',
    phase: 'reduce',
    rewrite: (frame) => patched(frame, (view) => view.setUint8(0, 9)),
    expected: { type: ProtocolViolationError, reason: 'malformed' },
  },
  {
    name: 'duplicate frame',
    phase: 'reduce',
    rewrite: (frame) => [frame, frame.slice()],
    expected: { type: ProtocolViolationError, reason: 'duplicate' },
  },
  {
    name: 'stale round',
    phase: 'reduce',
    rewrite: (frame) => patched(frame, (view) => view.setUint32(12, round - 1, true)),
    expected: { type: ProtocolViolationError, reason: 'stale' },
  },
  {
    name: 'wrong length',
    phase: 'reduce',
    rewrite: (frame) =>
      patched(frame.slice(0, frame.length - 4), (view, bytes) => view.setUint32(28, bytes.length - headerBytes, true)),
    expected: { type: ProtocolViolationError, reason: 'wrong-length' },
  },
  {
    name: 'NaN payload',
    phase: 'gather',
    rewrite: (frame) => patched(frame, (view) => view.setFloat32(headerBytes + 4, Number.NaN, true)),
    expected: { type: ProtocolViolationError, reason: 'non-finite' },
  },
]

const inputsFor = (size: number, length: number) =>
  Array.from({ length: size }, (_, rank) => Float32Array.from({ length }, (_, i) => ((rank * 31 + i * 7) % 97) - 48))
const sumOf = (inputs: readonly Float32Array[]) =>
  Float32Array.from(inputs[0]!, (_, i) => inputs.reduce((sum, input) => sum + input[i]!, 0))

describe.each([2, 3, 5, 8])('N = %i', (size) => {
  test.each(faults)('$name', async (fault) => {
    const swarm = createTestSwarm({ size, seed: `${fault.name}/${size}`, frameBytes })
    const { network, peers } = swarm
    const culprit = peers[1]!
    const survivors = peers.filter((peer) => peer !== culprit)
    const inputs = inputsFor(size, 40 * size + 3)
    let faultAt: number | undefined

    if (fault.before === 'crash') {
      network.crash(culprit)
      await network.clock.advance(50)
      faultAt = network.clock.now()
    }
    if (fault.slow)
      for (const peer of survivors) network.configure(culprit, peer, { latencyMs: 300, bytesPerMs: 100 }, true)
    const onFirstFrame =
      (act: (frame: Uint8Array) => readonly Uint8Array[]): Interceptor =>
      (packet) => {
        const frame = decodeFrame(packet.frame)
        const gathering = frame.type === 'data' && frame.step >= size - 1
        if (
          faultAt !== undefined ||
          packet.from !== culprit ||
          frame.type !== 'data' ||
          gathering !== (fault.phase === 'gather')
        )
          return [packet.frame]
        faultAt = packet.at
        return act(packet.frame)
      }
    if (fault.rewrite) network.intercept(onFirstFrame(fault.rewrite))
    if (fault.during === 'crash') network.intercept(onFirstFrame(() => (network.crash(culprit), [])))
    if (fault.during === 'hang') network.intercept(onFirstFrame(() => (network.hang(culprit), [])))

    const outcomes = await swarm.start(inputs, { round, waitFor: fault.gone ? survivors : peers })
    if (!fault.expected) {
      for (const outcome of outcomes) expect(outcome.ok && outcome.result).toEqual(sumOf(inputs))
      return
    }
    expect(faultAt).toBeDefined()
    for (const outcome of outcomes) {
      const error = (outcome as Outcome & { ok: false }).error as AllReduceFailureError
      expect(outcome.ok, `${outcome.peer} resolved`).toBe(false)
      expect(error).toBeInstanceOf(fault.expected.type)
      expect({ peer: error.peer, reason: error.reason, round: error.round, attempt: error.attempt }).toEqual({
        peer: culprit,
        reason: fault.expected.reason,
        round,
        attempt: 0,
      })
      // A dead or silent peer is named within 3 s of its failure on every member.
      expect(outcome.at - faultAt!).toBeLessThan(3000)
    }

    // The survivors retry without the culprit, and leftovers of the failed attempt do not disturb them.
    network.intercept(undefined)
    const retry = await swarm.start(inputsFor(size - 1, 40 * size + 3), { round, attempt: 1, members: survivors })
    for (const outcome of retry) expect(outcome.ok && outcome.result).toEqual(sumOf(inputsFor(size - 1, 40 * size + 3)))
  })
})
