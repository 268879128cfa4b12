// A transport that states a deep flow-control window (the browser's holds 1 MiB per channel) gets liveness
// limits that allow for it: a member is done once its last frame is handed to the transport, when up to a window
// of it is still draining to its successor, and it waits for the others' `done` meanwhile.

import { expect, test } from 'vitest'
import { createTestNetwork } from '../testing/createTestNetwork.ts'
import { testSwarmId } from '../testing/createTestSwarm.ts'
import { createAllReduceEndpoint } from './createAllReduceEndpoint.ts'
import type { Transport } from './Transport.ts'

const windowBytes = 1536 * 1024
/** 0.43 MiB/s: a full window takes 3.5 s to drain, longer than the stall limit alone allows. */
const slowBytesPerMs = 0.43 * 1048.576

async function run(stateWindow: boolean) {
  const network = createTestNetwork({
    seed: `window/${stateWindow}`,
    profile: { windowBytes, killBytes: 16 * 1024 * 1024 },
  })
  const peers = ['p0', 'p1']
  network.configure('p0', 'p1', { bytesPerMs: slowBytesPerMs })
  const transport = (peer: string): Transport => {
    const inner = network.transport(peer)
    return stateWindow ? { ...inner, self: inner.self, windowBytes: () => windowBytes } : inner
  }
  const endpoints = peers.map((peer) =>
    createAllReduceEndpoint({
      transport: transport(peer),
      clock: network.clock,
      swarmId: testSwarmId,
      codec: 'fp32',
      frameBytes: 65536,
    }),
  )
  const inputs = peers.map((_, rank) => Float32Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i % 7) + rank))
  const outcomes: unknown[] = []
  endpoints.forEach((endpoint, i) =>
    endpoint.allReduce(inputs[i]!, { round: 1, attempt: 0, members: peers }).then(
      (result) => outcomes.push(result),
      (error: unknown) => outcomes.push(error),
    ),
  )
  await network.clock.run(() => outcomes.length === peers.length, 120_000)
  for (const endpoint of endpoints) endpoint.close()
  return outcomes
}

test('the drain of a stated deep window after a member is done is not taken for a stuck peer', async () => {
  for (const outcome of await run(true)) expect(outcome).toBeInstanceOf(Float32Array)
})

test('without the stated window, the same drain is taken for a stuck peer (why transports state it)', async () => {
  expect(await run(false)).toContainEqual(
    expect.objectContaining({ name: 'PeerUnreachableError', reason: 'stalled', peer: 'p1' }),
  )
})
