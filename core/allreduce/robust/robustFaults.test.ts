// Where a member of a robust all-reduce fails, as faultMatrix.test.ts does for the ring: every case ends in the
// same typed error on every member, naming the culprit and the reason, within 3 s of the fault; afterwards the
// survivors' retry succeeds.

import { describe, expect, test } from 'vitest'
import { createTestSwarm, type Outcome } from '../../testing/createTestSwarm.ts'
import type { Interceptor } from '../../testing/createTestNetwork.ts'
import { type AllReduceFailureError, PeerUnreachableError, ProtocolViolationError } from '../errors.ts'
import { decodeFrame, headerBytes } from '../frame.ts'
import { gatherStep, scatterStep } from './createRobustExchange.ts'

const round = 7
const frameBytes = 256

type Fault = {
  name: string
  step: number
  /** The culprit dies or hangs: the run waits only for the others. */
  gone?: boolean
  act: 'crash' | 'hang' | ((frame: Uint8Array) => readonly Uint8Array[])
  expected: {
    type: typeof PeerUnreachableError | typeof ProtocolViolationError
    reason: AllReduceFailureError['reason']
  }
}

const patched = (frame: Uint8Array, change: (view: DataView, frame: Uint8Array) => void) => {
  change(new DataView(frame.buffer, frame.byteOffset, frame.byteLength), frame)
  return [frame]
}
const closed = { type: PeerUnreachableError, reason: 'closed' } as const

const faults: Fault[] = [
  { name: 'crash during scatter', step: scatterStep, gone: true, act: 'crash', expected: closed },
  { name: 'crash during gather', step: gatherStep, gone: true, act: 'crash', expected: closed },
  {
    name: 'silent hang',
    step: scatterStep,
    gone: true,
    act: 'hang',
    expected: { type: PeerUnreachableError, reason: 'timeout' },
  },
  {
    name: 'duplicate frame',
    step: scatterStep,
    act: (frame) => [frame, frame.slice()],
    expected: { type: ProtocolViolationError, reason: 'duplicate' },
  },
  {
    name: 'stale round',
    step: scatterStep,
    act: (frame) => patched(frame, (view) => view.setUint32(12, round - 1, true)),
    expected: { type: ProtocolViolationError, reason: 'stale' },
  },
  {
    name: 'wrong length',
    step: gatherStep,
    act: (frame) =>
      patched(frame.slice(0, frame.length - 4), (view, bytes) => view.setUint32(28, bytes.length - headerBytes, true)),
    expected: { type: ProtocolViolationError, reason: 'wrong-length' },
  },
  {
    name: 'NaN in the gathered result',
    step: gatherStep,
    act: (frame) => patched(frame, (view) => view.setFloat32(headerBytes + 4, Number.NaN, true)),
    expected: { type: ProtocolViolationError, reason: 'non-finite' },
  },
]

const inputsFor = (size: number, length: number) =>
  Array.from({ length: size }, (_, rank) => Float32Array.from({ length }, (_, i) => ((rank * 31 + i * 7) % 97) - 48))

describe.each([2, 3, 5, 8])('N = %i', (size) => {
  test.each(faults)('$name', async (fault) => {
    const swarm = createTestSwarm({
      size,
      seed: `robust ${fault.name}/${size}`,
      frameBytes,
      aggregator: 'centered-clip',
    })
    const { network, peers } = swarm
    const culprit = peers[1]!
    const survivors = peers.filter((peer) => peer !== culprit)
    const inputs = inputsFor(size, 40 * size + 3)
    let faultAt: number | undefined
    const interceptor: Interceptor = (packet) => {
      const frame = decodeFrame(packet.frame)
      if (faultAt !== undefined || packet.from !== culprit || frame.type !== 'data' || frame.step !== fault.step)
        return [packet.frame]
      faultAt = packet.at
      if (fault.act === 'crash') return (network.crash(culprit), [])
      if (fault.act === 'hang') return (network.hang(culprit), [])
      return fault.act(packet.frame)
    }
    network.intercept(interceptor)
    const commitments = new Map(peers.map((peer, i) => [peer, swarm.endpoint(peer).commitmentsOf(inputs[i]!, peers)]))
    const outcomes = await swarm.start(inputs, { round, commitments, waitFor: fault.gone ? survivors : peers })
    expect(faultAt).toBeDefined()
    for (const outcome of outcomes) {
      expect(outcome.ok, `${outcome.peer} resolved`).toBe(false)
      const error = (outcome as Outcome & { ok: false }).error as AllReduceFailureError
      expect(error).toBeInstanceOf(fault.expected.type)
      expect({ peer: error.peer, reason: error.reason, round: error.round, attempt: error.attempt }).toEqual({
        peer: culprit,
        reason: fault.expected.reason,
        round,
        attempt: 0,
      })
      expect(outcome.at - faultAt!).toBeLessThan(3000)
    }

    network.intercept(undefined)
    const retryInputs = inputsFor(size - 1, 40 * size + 3)
    const retry = await swarm.start(retryInputs, { round, attempt: 1, members: survivors })
    const first = retry[0]!
    for (const outcome of retry) {
      expect(outcome.ok).toBe(true)
      expect(outcome.ok && outcome.result).toEqual(first.ok && first.result)
    }
  })
})
