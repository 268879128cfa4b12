// The tolerances of auditTolerance.ts against what an honest member's contribution really carries with each codec:
// the gradient plus error feedback's residual, encoded per 128-value block (int8) or per value. Gradient-like
// vectors: heavy-tailed, and half exact zeros (an MLP's first layer on MNIST's blank border pixels).
import { describe, expect, test } from 'vitest'
import { codecFor } from '../allreduce/codecFor.ts'
import type { Codec } from '../manifest/Manifest.ts'
import { createRandom } from '../random/createRandom.ts'
import { auditTolerance, relativeError } from './auditTolerance.ts'

const values = 100_000
function gradientLike(seed: number): Float32Array {
  const random = createRandom(seed)
  return Float32Array.from({ length: values }, (_, i) => {
    if (i % 784 < 392) return 0
    const u = random.next() - 0.5
    return Math.sign(u) * Math.log(1 - 2 * Math.abs(u)) * 1e-3 * (1 + (i % 10))
  })
}

/** The worst relative error of ten honest rounds' revealed contributions against their gradients. */
function worstHonestError(codec: Codec): number {
  const implementation = codecFor(codec)
  let residual = new Float32Array(values)
  let worst = 0
  for (let round = 0; round < 10; round++) {
    const gradient = gradientLike(round)
    const contribution = Float32Array.from(gradient, (g, i) => g + residual[i]!)
    const payload = new Uint8Array(implementation.encodedBytes(values))
    // One segment per 16,384 values, as 64 KiB frames of fp32 would cut it: block scales restart per segment.
    const revealed = new Float32Array(values)
    for (let start = 0; start < values; start += 16_384) {
      const end = Math.min(values, start + 16_384)
      const part = payload.subarray(0, implementation.encodedBytes(end - start))
      implementation.encode(contribution.subarray(start, end), part)
      implementation.decode(part, revealed.subarray(start, end))
    }
    residual = Float32Array.from(contribution, (c, i) => c - revealed[i]!)
    worst = Math.max(worst, relativeError(revealed, gradient))
  }
  return worst
}

describe.each<Codec>(['fp32', 'fp16', 'int8'])('auditTolerance (%s)', (codec) => {
  test('an honest contribution passes with at least 4× margin', () => {
    const worst = worstHonestError(codec)
    if (codec === 'fp32') expect(worst).toBe(0)
    else expect(worst * 4).toBeLessThan(auditTolerance[codec])
  })

  test('zeros, a sign flip, noise and a 10 % scale all fail', () => {
    const gradient = gradientLike(99)
    const random = createRandom(7)
    const attacks = [
      new Float32Array(values),
      gradient.map((g) => -g),
      gradient.map(() => (random.next() - 0.5) * 1e-2),
      gradient.map((g) => g * 1.1),
      gradient.map((g) => g * 0.5),
    ]
    for (const attack of attacks) expect(relativeError(attack, gradient)).toBeGreaterThan(auditTolerance[codec])
  })
})

test('relativeError: exact, zero, and non-finite cases', () => {
  expect(relativeError(new Float32Array([1, 2]), new Float32Array([1, 2]))).toBe(0)
  expect(relativeError(new Float32Array(2), new Float32Array(2))).toBe(0)
  expect(relativeError(new Float32Array([1, 0]), new Float32Array(2))).toBe(Infinity)
  expect(relativeError(new Float32Array([NaN, 0]), new Float32Array([1, 0]))).toBe(Infinity)
  expect(relativeError(new Float32Array(3), new Float32Array(2))).toBe(Infinity)
})
