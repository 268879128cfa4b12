// Runs the real all-reduce (core's endpoint over createChannelTransport) for the bench: one endpoint per codec,
// each on its own negotiated channel, because an endpoint runs one codec and frames of another would be
// malformed to it. Inputs are generated once per size and rank and reused: the endpoint never writes them.

import { createAllReduceEndpoint, type AllReduceEndpoint } from '../../../core/allreduce/createAllReduceEndpoint.ts'
import { type Codec, codecs } from '../../../core/manifest/Manifest.ts'
import { createChannelTransport } from '../net/createChannelTransport.ts'
import type { Mesh } from '../net/createMesh.ts'
import { benchInput, referenceSum } from './benchInput.ts'
import { checksumOf, relativeErrorOf } from './checkResult.ts'
import { epochNow, waitUntil } from './epochClock.ts'
import { watchEventLoop } from './watchEventLoop.ts'
import type { AllReduceOptions, AllReduceResult } from './StarlingBench.ts'

export const allReduceChannel = (codec: Codec) => `allreduce-${codec}`

const clock = {
  now: () => performance.now(),
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as number),
}
const benchSwarm = `0x${'5b'.repeat(32)}` as const

export type AllReduceRunner = { run(options: AllReduceOptions): Promise<AllReduceResult>; close(): void }

export function createAllReduceRunner(mesh: Mesh, frameBytes: number): AllReduceRunner {
  const endpoints = new Map<Codec, AllReduceEndpoint>()
  const closers: (() => void)[] = []
  for (const codec of codecs) {
    const transport = createChannelTransport(mesh, allReduceChannel(codec))
    const endpoint = createAllReduceEndpoint({
      transport,
      clock,
      swarmId: benchSwarm,
      codec,
      frameBytes,
      onError: (error) => console.warn('all-reduce', error),
    })
    endpoints.set(codec, endpoint)
    closers.push(
      () => endpoint.close(),
      () => transport.close(),
    )
  }
  // Generating 16 MiB of input takes longer than the start margin on a loaded machine: keep each size's.
  const inputs = new Map<string, Float32Array>()

  return {
    async run({ members, codec, values, round, startAt, verify }) {
      const rank = members.indexOf(mesh.self)
      const key = `${values}/${rank}`
      const input = inputs.get(key) ?? inputs.set(key, benchInput(values, rank)).get(key)!
      const startedAt = await waitUntil(startAt)
      const loop = watchEventLoop()
      let result: Float32Array
      try {
        result = await endpoints.get(codec)!.allReduce(input, { round, attempt: 0, members })
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
