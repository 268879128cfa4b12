// N all-reduce endpoints on one seeded test network: starts an attempt on every member at the same virtual
// time and runs the clock until each has settled, recording when and how.

import type { Codec } from '../manifest/Manifest.ts'
import {
  type AllReduceAttempt,
  type AllReduceEndpoint,
  type AllReduceEndpointParameters,
  createAllReduceEndpoint,
} from '../allreduce/createAllReduceEndpoint.ts'
import { createTestNetwork, type LinkProfile, type TestNetwork } from './createTestNetwork.ts'
import type { PeerId } from '../types/PeerId.ts'

export const testSwarmId = `0x${'5a'.repeat(32)}` as const

export type Outcome = { peer: PeerId; at: number } & (
  { ok: true; result: Float32Array } | { ok: false; error: unknown }
)

export type TestSwarmParameters = {
  size: number
  seed: number | string
  codec?: Codec
  profile?: Partial<LinkProfile>
} & Pick<
  AllReduceEndpointParameters,
  'frameBytes' | 'errorFeedback' | 'maxEarlyBytes' | 'onError' | 'aggregator' | 'centeredClip'
>

export type RunParameters = {
  round: number
  attempt?: number
  /** Ring order; default: every peer not crashed or hung, in creation order. */
  members?: readonly PeerId[]
  /** Members started now (default: members); the test starts the others itself. */
  starting?: readonly PeerId[]
  /** Members whose outcome the run waits for (default: starting). */
  waitFor?: readonly PeerId[]
  /** Virtual ms after which the run fails as stalled. */
  limitMs?: number
  /** centered-clip: every member's commitments (AllReduceAttempt.commitments). */
  commitments?: AllReduceAttempt['commitments']
}

export type TestSwarm = {
  network: TestNetwork
  peers: PeerId[]
  endpoint(peer: PeerId): AllReduceEndpoint
  /** Starts `inputs[i]` on members[i] now; resolves when every awaited member settled. */
  start(inputs: readonly Float32Array[], run: RunParameters): Promise<Outcome[]>
}

export function createTestSwarm({ size, seed, codec = 'fp32', profile, ...options }: TestSwarmParameters): TestSwarm {
  const network = createTestNetwork({ seed, ...(profile ? { profile } : {}) })
  const peers = Array.from({ length: size }, (_, i) => `p${i}`)
  const endpoints = new Map(
    peers.map((peer) => [
      peer,
      createAllReduceEndpoint({
        transport: network.transport(peer),
        clock: network.clock,
        swarmId: testSwarmId,
        codec,
        ...options,
      }),
    ]),
  )
  return {
    network,
    peers,
    endpoint: (peer) => endpoints.get(peer)!,
    async start(
      inputs,
      { round, attempt = 0, members = peers, starting = members, waitFor = starting, limitMs = 60_000, commitments },
    ) {
      const outcomes = new Map<PeerId, Outcome>()
      members.forEach((peer, i) => {
        if (!starting.includes(peer)) return
        endpoints
          .get(peer)!
          .allReduce(inputs[i]!, { round, attempt, members, ...(commitments ? { commitments } : {}) })
          .then(
            (result) => outcomes.set(peer, { peer, at: network.clock.now(), ok: true, result }),
            (error: unknown) => outcomes.set(peer, { peer, at: network.clock.now(), ok: false, error }),
          )
      })
      await network.clock.run(() => waitFor.every((peer) => outcomes.has(peer)), limitMs)
      return waitFor.map((peer) => outcomes.get(peer)!)
    },
  }
}
