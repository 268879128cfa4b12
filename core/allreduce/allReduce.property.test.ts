// Properties of the whole engine over random vectors and ring sizes, each run on a seeded test network.
//
// Error bound of the lossy codecs, for one element of the result against the real sum of inputs |x| ≤ M.
// Hop k (k = 1..N) encodes a partial sum of k inputs (hops 1..N-1 of the reduce-scatter, then the owner's final
// sum), which holds k-1 float32 additions; after N-1 hops everyone decodes the owner's bytes. With E_0 = 0:
//   B_k = k·M + E_{k-1}                       bound on the partial's magnitude, errors so far included
//   a_k = u·B_k for k ≥ 2, else 0             float32 addition, u = 2^-24
//   q_k = quant(B_k + a_k)                    fp16: (B)·2^-11 + 2^-25 (half an ulp, normal or subnormal range)
//                                             int8: (B)/254 + (B)·2^-23 (half a step of max/127, plus float32
//                                             rounding of the scale and of the decoded product)
//   E_k = E_{k-1} + a_k + q_k                 and the result is within E_N. N = 1 encodes nothing: exact.

import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createRandom } from '../random/createRandom.ts'
import { createTestSwarm, type Outcome } from '../testing/createTestSwarm.ts'
import { createPartition } from './partition.ts'

const u = 2 ** -24
const quant = { fp16: (b: number) => b * 2 ** -11 + 2 ** -25, int8: (b: number) => b / 254 + b * 2 ** -23 }

function errorBound(codec: 'fp16' | 'int8', members: number, max: number) {
  let total = 0
  let quantization = 0
  let additions = 0
  if (members === 1) return { total, quantization, additions }
  for (let k = 1; k <= members; k++) {
    const magnitude = k * max + total
    const addition = k >= 2 ? u * magnitude : 0
    const quantized = quant[codec](magnitude + addition)
    total += addition + quantized
    quantization += quantized
    additions += addition
  }
  return { total, quantization, additions }
}

/** The fp32 result, defined: chunk c summed in ring order from rank c+1 to rank c, one float32 addition per member. */
function orderedSum(inputs: readonly Float32Array[]): Float32Array {
  const size = inputs.length
  const length = inputs[0]!.length
  const partition = createPartition(length, size, 1)
  const sum = new Float32Array(length)
  for (let chunk = 0; chunk < size; chunk++) {
    for (let i = partition.chunkStart(chunk); i < partition.chunkEnd(chunk); i++) {
      let acc = inputs[(chunk + 1) % size]![i]!
      for (let k = 2; k <= size; k++) acc = Math.fround(acc + inputs[(chunk + k) % size]![i]!)
      sum[i] = acc
    }
  }
  return sum
}

const results = (outcomes: Outcome[]) =>
  outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error
    return outcome.result
  })
const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length)

const scenario = (max: number) =>
  fc
    .record({
      size: fc.integer({ min: 1, max: 8 }),
      length: fc.integer({ min: 0, max: 150 }),
      frameBytes: fc.constantFrom(48, 96, 200, 1024),
      seed: fc.integer(),
    })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        inputs: fc.array(
          fc.float32Array({
            minLength: shape.length,
            maxLength: shape.length,
            min: Math.fround(-max),
            max: Math.fround(max),
            noNaN: true,
            noDefaultInfinity: true,
          }),
          {
            minLength: shape.size,
            maxLength: shape.size,
          },
        ),
      }),
    )

describe('all-reduce properties', () => {
  test('fp32 equals the ordered float32 sum, bit for bit on every member', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(1e30), async ({ shape, inputs }) => {
        const swarm = createTestSwarm({
          size: shape.size,
          seed: shape.seed,
          frameBytes: shape.frameBytes,
          codec: 'fp32',
        })
        const expected = bits(orderedSum(inputs))
        for (const result of results(await swarm.start(inputs, { round: 1 }))) expect(bits(result)).toEqual(expected)
      }),
      { numRuns: 60, seed: 1 },
    )
  })

  test.each(['fp16', 'int8'] as const)(
    '%s stays within the derived bound and is bit-identical on every member',
    async (codec) => {
      let tightest = 0
      await fc.assert(
        fc.asyncProperty(scenario(100), async ({ shape, inputs }) => {
          const swarm = createTestSwarm({ size: shape.size, seed: shape.seed, frameBytes: shape.frameBytes, codec })
          const outcomes = results(await swarm.start(inputs, { round: 1 }))
          const max = Math.max(0, ...inputs.flatMap((input) => Array.from(input, Math.abs)))
          const bound = errorBound(codec, shape.size, max).total
          for (const result of outcomes) expect(bits(result)).toEqual(bits(outcomes[0]!))
          for (let i = 0; i < shape.length; i++) {
            const error = Math.abs(outcomes[0]![i]! - inputs.reduce((sum, input) => sum + input[i]!, 0))
            expect(error).toBeLessThanOrEqual(bound)
            if (bound > 0) tightest = Math.max(tightest, error / bound)
          }
        }),
        { numRuns: 40, seed: 2 },
      )
      // The bound is a worst case over N hops; random data reaches a fair part of it, so it is not loose.
      expect(tightest).toBeGreaterThan(0.1)
    },
  )

  test.each(['fp16', 'int8'] as const)(
    '%s: error feedback keeps the accumulated error bounded over 100 rounds; without it, it grows',
    async (codec) => {
      const size = 4
      const length = 200
      const rounds = 100
      const random = createRandom(`feedback/${codec}`)
      // The same gradients every round: without feedback the quantization error repeats and adds up.
      const gradients = Array.from({ length: size }, () => Float32Array.from({ length }, () => random.next() * 2 - 1))
      const exact = Float64Array.from({ length }, (_, i) => gradients.reduce((sum, gradient) => sum + gradient[i]!, 0))

      const accumulate = async (errorFeedback: boolean) => {
        const swarm = createTestSwarm({
          size,
          seed: `feedback/${codec}/${errorFeedback}`,
          frameBytes: 128,
          codec,
          errorFeedback,
        })
        const accumulated = new Float64Array(length)
        const history: number[] = []
        for (let round = 0; round < rounds; round++) {
          const result = results(await swarm.start(gradients, { round }))[0]!
          for (let i = 0; i < length; i++) accumulated[i]! += result[i]! - exact[i]!
          history.push(Math.max(...Array.from(accumulated, Math.abs)))
        }
        return history
      }
      const withFeedback = await accumulate(true)
      const without = await accumulate(false)

      // With feedback, Σ_r result_r − Σ_r Σ_m g_m = −Σ_m e_m^R + Σ_r (float32 roundings): the last residuals (one
      // quantization per member and position) plus, per round, the additions of the ring and the rounding of g + e.
      const max = 1 + 2 * quant[codec](size)
      const { quantization, additions } = errorBound(codec, size, max)
      const bound = quantization + rounds * (additions + size * u * max + size * u * quant[codec](size * max))
      expect(Math.max(...withFeedback)).toBeLessThanOrEqual(bound)
      expect(without[rounds - 1]!).toBeGreaterThan(20 * withFeedback[rounds - 1]!)
      expect(without[rounds - 1]!).toBeGreaterThan(3.9 * without[rounds / 4 - 1]!)
    },
  )
})
