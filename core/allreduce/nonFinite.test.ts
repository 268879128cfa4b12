// NaN and ∞ in a member's own values are caught where that member encodes them (createRingReducer starts
// sending before it has read its whole input): wherever they lie, every member rejects naming the member they
// came from, as reported by that member itself, and nothing non-finite reaches anyone's result.

import { describe, expect, test } from 'vitest'
import { createTestSwarm, type Outcome } from '../testing/createTestSwarm.ts'
import { createPartition } from './partition.ts'

const errors = (outcomes: Outcome[]) => outcomes.map((outcome) => (outcome.ok ? undefined : outcome.error))
const inputsFor = (size: number, length: number) =>
  Array.from({ length: size }, (_, rank) => Float32Array.from({ length }, (_, i) => ((rank * 13 + i * 5) % 21) - 10))

describe.each([2, 3, 5])('N = %i', (size) => {
  const length = 37 * size + 5
  const chunks = createPartition(length, size, 1)
  test.each(Array.from({ length: size }, (_, chunk) => chunk))(
    'a NaN or ∞ in chunk %i of one member names it, whatever the ring did first',
    async (chunk) => {
      for (const poison of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const swarm = createTestSwarm({ size, seed: `own/${size}/${chunk}/${poison}`, frameBytes: 96 })
        const inputs = inputsFor(size, length)
        const culprit = size - 1
        inputs[culprit]![chunks.chunkEnd(chunk) - 1] = poison
        for (const error of errors(await swarm.start(inputs, { round: 1 }))) {
          expect(error).toMatchObject({
            name: 'ProtocolViolationError',
            peer: swarm.peers[culprit],
            reason: 'non-finite',
            reportedBy: swarm.peers[culprit],
          })
        }
      }
    },
  )
})

test('a float32 overflow is named at the member whose addition overflowed', async () => {
  const size = 4
  const swarm = createTestSwarm({ size, seed: 'overflow', frameBytes: 96 })
  const inputs = inputsFor(size, 40)
  // Chunk 0 is summed in ring order from rank 1: rank 2's partial sum 3e38 + 3e38 is the first that overflows.
  inputs[1]![0] = 3e38
  inputs[2]![0] = 3e38
  for (const error of errors(await swarm.start(inputs, { round: 1 })))
    expect(error).toMatchObject({ reason: 'non-finite', peer: 'p2', reportedBy: 'p2' })
})

test('alone in the ring, a member with NaN in its input still rejects', async () => {
  const swarm = createTestSwarm({ size: 1, seed: 'alone', frameBytes: 96 })
  const input = Float32Array.from([1, 2, Number.NaN])
  expect(errors(await swarm.start([input], { round: 1 }))[0]).toMatchObject({
    reason: 'non-finite',
    peer: 'p0',
    reportedBy: 'p0',
  })
})
