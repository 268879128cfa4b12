// The robust all-reduce end to end on the seeded test network: same bits on every member under jitter and uneven
// links, equal to N × CenteredClip computed directly; commitments checked; the ring's bytes per member.

import fc from 'fast-check'
import { sha256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { createTestSwarm, type Outcome, type TestSwarm } from '../../testing/createTestSwarm.ts'
import type { Codec } from '../../manifest/Manifest.ts'
import { CommitmentMismatchError, ProtocolViolationError } from '../errors.ts'
import { decodeFrame, headerBytes } from '../frame.ts'
import { createPartition } from '../partition.ts'
import { centeredClip, defaultCenteredClip } from './centeredClip.ts'
import { scatterStep } from './createRobustExchange.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length))
const results = (outcomes: Outcome[]) =>
  outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error
    return outcome.result
  })
const inputsFor = (size: number, length: number, seed = 0) =>
  Array.from({ length: size }, (_, rank) =>
    Float32Array.from({ length }, (_, i) => (((rank * 31 + i * 7 + seed) % 97) - 48) / 16),
  )

/** What fp32 must give: chunk c is N × CenteredClip of every member's chunk c, in member order. */
function reference(inputs: readonly Float32Array[]): Float32Array {
  const size = inputs.length
  const partition = createPartition(inputs[0]!.length, size, 1)
  const out = new Float32Array(inputs[0]!.length)
  for (let chunk = 0; chunk < size; chunk++) {
    const [start, end] = [partition.chunkStart(chunk), partition.chunkEnd(chunk)]
    centeredClip(
      inputs.map((input) => input.subarray(start, end)),
      out.subarray(start, end),
      defaultCenteredClip,
      size,
    )
  }
  return out
}

const robustSwarm = (size: number, seed: string, codec: Codec = 'fp32', frameBytes = 256) =>
  createTestSwarm({ size, seed, codec, frameBytes, aggregator: 'centered-clip' })
const commitmentsOf = (swarm: TestSwarm, inputs: readonly Float32Array[]) =>
  new Map<PeerId, readonly Hex[]>(
    swarm.peers.map((peer, i) => [peer, swarm.endpoint(peer).commitmentsOf(inputs[i]!, swarm.peers)]),
  )

describe('robust all-reduce', () => {
  test.each([1, 2, 3, 5, 8])('N = %i: every member holds N × CenteredClip, bit for bit, under jitter', async (size) => {
    const swarm = robustSwarm(size, `bits/${size}`)
    // Uneven links reorder arrivals across senders (never within one link).
    swarm.peers.forEach((peer, i) =>
      swarm.peers.forEach((other, j) =>
        swarm.network.configure(peer, other, { latencyMs: 1 + ((i * 7 + j * 3) % 11), jitterMs: 5 }),
      ),
    )
    const inputs = inputsFor(size, 40 * size + 3)
    const outcomes = await swarm.start(inputs, { round: 3, commitments: commitmentsOf(swarm, inputs) })
    for (const result of results(outcomes)) expect(bits(result)).toEqual(bits(reference(inputs)))
  })

  test('a vector shorter than the ring (empty chunks) still agrees', async () => {
    const swarm = robustSwarm(5, 'short')
    const inputs = inputsFor(5, 3)
    const outcomes = await swarm.start(inputs, { round: 0, commitments: commitmentsOf(swarm, inputs) })
    for (const result of results(outcomes)) expect(bits(result)).toEqual(bits(reference(inputs)))
  })

  test.each(['fp16', 'int8'] as const)('%s: the same bits on every member, near the fp32 result', async (codec) => {
    const swarm = robustSwarm(4, `lossy/${codec}`, codec)
    const inputs = inputsFor(4, 301)
    const first = results(await swarm.start(inputs, { round: 1, commitments: commitmentsOf(swarm, inputs) }))
    for (const result of first) expect(bits(result)).toEqual(bits(first[0]!))
    const exact = reference(inputs)
    const tolerance = codec === 'fp16' ? 0.01 : 0.1
    first[0]!.forEach((value, i) => expect(Math.abs(value - exact[i]!)).toBeLessThan(tolerance * 4))
    // Error feedback: the next round's commitments include the residual, and they still match what is sent.
    const second = results(await swarm.start(inputs, { round: 2, commitments: commitmentsOf(swarm, inputs) }))
    for (const result of second) expect(bits(result)).toEqual(bits(second[0]!))
  })

  test('one member sending its gradient × 1e6 moves the aggregate little; the ring’s sum it ruins', async () => {
    const size = 5
    const honest = inputsFor(size, 200).map((input) => Float32Array.from(input, (v, i) => v / 10 + Math.sin(i)))
    const inputs = honest.map((input, rank) => (rank === 2 ? Float32Array.from(input, (v) => v * 1e6) : input))
    const robust = robustSwarm(size, 'hostile')
    const ring = createTestSwarm({ size, seed: 'hostile', frameBytes: 256 })
    const [robustSum] = results(await robust.start(inputs, { round: 0, commitments: commitmentsOf(robust, inputs) }))
    const [ringSum] = results(await ring.start(inputs, { round: 0 }))
    const honestMean = Float32Array.from(honest[0]!, (_, i) => honest.reduce((sum, x) => sum + x[i]!, 0) / size)
    const error = (sum: Float32Array) =>
      Math.sqrt(sum.reduce((total, v, i) => total + (v / size - honestMean[i]!) ** 2, 0)) /
      Math.sqrt(honestMean.reduce((total, v) => total + v * v, 0))
    expect(error(robustSum!)).toBeLessThan(0.5)
    expect(error(ringSum!)).toBeGreaterThan(1e4)
  })

  test.each([3, 5, 8])('N = %i: bytes that differ from their commitment are named, with the evidence', async (size) => {
    const swarm = robustSwarm(size, `mismatch/${size}`)
    const inputs = inputsFor(size, 40 * size + 3)
    const commitments = commitmentsOf(swarm, inputs)
    const [liar, owner] = ['p1', 'p2']
    let tampered: Uint8Array | undefined
    // The liar changes one finite value in the first frame it sends the owner: structure and ranges stay valid.
    swarm.network.intercept((packet) => {
      const frame = decodeFrame(packet.frame)
      if (tampered || packet.from !== liar || packet.to !== owner || frame.type !== 'data') return [packet.frame]
      expect(frame.step).toBe(scatterStep)
      const view = new DataView(packet.frame.buffer, packet.frame.byteOffset + headerBytes)
      view.setFloat32(0, view.getFloat32(0, true) + 1, true)
      tampered = packet.frame
      return [packet.frame]
    })
    const outcomes = await swarm.start(inputs, { round: 4, attempt: 2, commitments })
    expect(tampered).toBeDefined()
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false)
      const error = (outcome as Outcome & { ok: false }).error as ProtocolViolationError
      expect(error).toBeInstanceOf(ProtocolViolationError)
      expect(error).toMatchObject({
        peer: liar,
        reason: 'commitment-mismatch',
        round: 4,
        attempt: 2,
        reportedBy: owner,
      })
      if (outcome.peer !== owner) continue
      expect(error).toBeInstanceOf(CommitmentMismatchError)
      const { evidence } = error as CommitmentMismatchError
      expect(evidence.chunk).toBe(2)
      expect(evidence.committed).toBe(commitments.get(liar)![2])
      expect(evidence.received).not.toBe(evidence.committed)
      // The evidence is the hash of the bytes as they arrived: the honest bytes with the one value changed.
      const honest = new Uint8Array(inputs[1]!.buffer).slice(...chunkBytes(size, inputs[1]!.length, 2))
      new DataView(honest.buffer).setFloat32(0, new DataView(honest.buffer).getFloat32(0, true) + 1, true)
      expect(evidence.received).toBe(sha256(honest))
    }
  })

  test('without commitments nothing is checked; a wrong count of commitments is refused before sending', async () => {
    const swarm = robustSwarm(3, 'no-commitments')
    const inputs = inputsFor(3, 50)
    for (const result of results(await swarm.start(inputs, { round: 0 })))
      expect(bits(result)).toEqual(bits(reference(inputs)))
    const short = new Map([...commitmentsOf(swarm, inputs)].map(([peer, hashes]) => [peer, hashes.slice(1)]))
    await expect(
      swarm.endpoint('p0').allReduce(inputs[0]!, { round: 1, attempt: 0, members: swarm.peers, commitments: short }),
    ).rejects.toMatchObject({ name: 'InvalidAllReduceInputError' })
  })

  test.each([2, 3, 4, 8])('N = %i: each member sends within 1.2× of the ring’s bytes', async (size) => {
    const length = 64 * 1024
    const inputs = inputsFor(size, length)
    const sent = async (aggregator: 'sum' | 'centered-clip') => {
      const swarm = createTestSwarm({ size, seed: `bytes/${size}`, frameBytes: 65536, aggregator })
      results(await swarm.start(inputs, { round: 0 }))
      const bytes = new Map<PeerId, number>()
      for (const line of swarm.network.log) {
        const [, route, count] = line.split(' ')
        if (count === 'closed') continue
        const from = route!.split('>')[0]!
        bytes.set(from, (bytes.get(from) ?? 0) + Number(count))
      }
      return bytes
    }
    const [ring, robust] = [await sent('sum'), await sent('centered-clip')]
    const ideal = (2 * (size - 1) * length * 4) / size
    for (const peer of ring.keys()) {
      expect(robust.get(peer)! / ring.get(peer)!).toBeLessThan(1.2)
      expect(robust.get(peer)! / ideal).toBeLessThan(1.01)
    }
  })

  test('property: any ring size, length and frame size gives the reference on every member', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          size: fc.integer({ min: 1, max: 7 }),
          length: fc.integer({ min: 0, max: 120 }),
          frameBytes: fc.constantFrom(48, 96, 200),
          seed: fc.integer(),
        }),
        async ({ size, length, frameBytes, seed }) => {
          const swarm = robustSwarm(size, seed.toString(), 'fp32', frameBytes)
          const inputs = inputsFor(size, length, seed & 0xff)
          const outcomes = await swarm.start(inputs, { round: 0, commitments: commitmentsOf(swarm, inputs) })
          for (const result of results(outcomes)) expect(bits(result)).toEqual(bits(reference(inputs)))
        },
      ),
      { seed: 14, numRuns: 60 },
    )
  })
})

/** [start, end) of chunk c's fp32 bytes in a vector of `length` values split among `size` members. */
function chunkBytes(size: number, length: number, chunk: number): [number, number] {
  const partition = createPartition(length, size, 1)
  return [partition.chunkStart(chunk) * 4, partition.chunkEnd(chunk) * 4]
}
