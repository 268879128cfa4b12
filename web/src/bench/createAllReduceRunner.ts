// Runs the real all-reduce (core's endpoint over createChannelTransport) for the bench: one endpoint per variant
// (each codec with the ring's sum, and fp32 with the robust centered-clip), each on its own negotiated channel,
// because an endpoint runs one codec and aggregator and frames of another would be malformed to it. Inputs are
// generated once per size and rank and reused: the endpoint never writes them.

import { createAllReduceEndpoint, type AllReduceEndpoint } from '../../../core/allreduce/createAllReduceEndpoint.ts'
import { type Aggregator, type Codec, codecs } from '../../../core/manifest/Manifest.ts'
import type { Hex } from '../../../core/types/Hex.ts'
import type { PeerId } from '../../../core/types/PeerId.ts'
import { createChannelTransport } from '../net/createChannelTransport.ts'
import type { Mesh } from '../net/createMesh.ts'
import { benchInput, referenceSum } from './benchInput.ts'
import { checksumOf, relativeErrorOf } from './checkResult.ts'
import { epochNow, waitUntil } from './epochClock.ts'
import { watchEventLoop } from './watchEventLoop.ts'
import type { AllReduceOptions, AllReduceResult } from './StarlingBench.ts'

export type BenchVariant = { codec: Codec; aggregator: Aggregator }
export const benchVariants: readonly BenchVariant[] = [
  ...codecs.map((codec) => ({ codec, aggregator: 'sum' as const })),
  { codec: 'fp32', aggregator: 'centered-clip' },
]
export const allReduceChannel = ({ codec, aggregator }: BenchVariant) =>
  aggregator === 'sum' ? `allreduce-${codec}` : `allreduce-${codec}-${aggregator}`

const clock = {
  now: () => performance.now(),
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as number),
}
const benchSwarm = `0x${'5b'.repeat(32)}` as const

export type AllReduceRunner = { run(options: AllReduceOptions): Promise<AllReduceResult>; close(): void }

export function createAllReduceRunner(mesh: Mesh, frameBytes: number): AllReduceRunner {
  const endpoints = new Map<string, AllReduceEndpoint>()
  const closers: (() => void)[] = []
  for (const variant of benchVariants) {
    const transport = createChannelTransport(mesh, allReduceChannel(variant))
    const endpoint = createAllReduceEndpoint({
      transport,
      clock,
      swarmId: benchSwarm,
      codec: variant.codec,
      aggregator: variant.aggregator,
      frameBytes,
      onError: (error) => console.warn('all-reduce', error),
    })
    endpoints.set(allReduceChannel(variant), endpoint)
    closers.push(
      () => endpoint.close(),
      () => transport.close(),
    )
  }
  // Generating 16 MiB of input takes longer than the start margin on a loaded machine: keep each size's.
  const inputs = new Map<string, Float32Array>()
  const inputOf = (values: number, rank: number) => {
    const key = `${values}/${rank}`
    return inputs.get(key) ?? inputs.set(key, benchInput(values, rank)).get(key)!
  }
  // Every member's commitments, as the doc would carry them: any page can recompute every input, so each computes
  // them once per size and ring before its first start (outside the timing; bench/README.md gives their cost).
  const commitments = new Map<string, ReadonlyMap<PeerId, readonly Hex[]>>()
  const commitmentsOf = (endpoint: AllReduceEndpoint, values: number, members: PeerId[]) => {
    const key = `${values}/${members.join(',')}`
    const known = commitments.get(key)
    if (known) return known
    const computed = new Map(
      members.map((peer, rank) => [peer, endpoint.commitmentsOf(inputOf(values, rank), members)]),
    )
    commitments.set(key, computed)
    return computed
  }

  return {
    async run({ members, codec, aggregator = 'sum', values, round, startAt, verify }) {
      const rank = members.indexOf(mesh.self)
      const input = inputOf(values, rank)
      const endpoint = endpoints.get(allReduceChannel({ codec, aggregator }))!
      const robust = aggregator === 'centered-clip' ? { commitments: commitmentsOf(endpoint, values, members) } : {}
      const startedAt = await waitUntil(startAt)
      const loop = watchEventLoop()
      let result: Float32Array
      try {
        result = await endpoint.allReduce(input, { round, attempt: 0, members, ...robust })
      } catch (error) {
        return {
          startedAt,
          endedAt: epochNow(),
          failure: (error as Error).message,
          maxLoopGapMs: loop.stop(),
          checksum: 0,
          relativeError: undefined,
        }
      }
      const endedAt = epochNow()
      const maxLoopGapMs = loop.stop()
      return {
        startedAt,
        endedAt,
        maxLoopGapMs,
        failure: undefined,
        checksum: checksumOf(result),
        relativeError: verify ? relativeErrorOf(result, referenceSum(values, members.length)) : undefined,
      }
    },
    close: () => closers.forEach((close) => close()),
  }
}
