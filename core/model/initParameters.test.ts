import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ModelSpec } from '../manifest/Manifest.ts'
import { createRandom } from '../random/createRandom.ts'
import { initParameters } from './initParameters.ts'
import { parameterLayout } from './parameterLayout.ts'

const mlp: ModelSpec = { preset: 'mnist-mlp', hidden: [128] }
const sha256 = (values: Float32Array) => createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex')

describe('initParameters', () => {
  it('gives the same bits for the same seed', () => {
    expect(sha256(initParameters(mlp, 7))).toBe(sha256(initParameters(mlp, 7)))
  })

  it('gives different values for different seeds', () => {
    const a = initParameters(mlp, 1)
    const b = initParameters(mlp, 2)
    const differing = a.filter((x, i) => x !== b[i]).length
    expect(differing).toBeGreaterThan(100_000)
  })

  it('is pinned: a change here changes every swarm’s first version (update only on purpose)', () => {
    const values = initParameters(mlp, 1)
    expect(sha256(values)).toBe('3a808e182264d9aa71ffaa0697050549c8def45f122e3aceff102f4001269aa7')
    // The first kernel value, by the formula: (2u − 1)·√(6 / (784 + 128)) with u the stream's first draw.
    const u = createRandom('starling/init/1').next()
    expect(values[0]).toBe(Math.fround((2 * u - 1) * Math.sqrt(6 / 912)))
  })

  it('draws Glorot-uniform kernels within ±√(6/(fanIn+fanOut)) and zero biases', () => {
    for (const spec of [
      mlp,
      { preset: 'mnist-cnn', filters: [8], dense: 32 },
      { preset: 'char-lm', context: 8, embedding: 4, hidden: 16 },
    ] satisfies ModelSpec[]) {
      const values = initParameters(spec, 3)
      for (const tensor of parameterLayout(spec).tensors) {
        const slice = values.subarray(tensor.offset, tensor.offset + tensor.size)
        if (tensor.init.kind === 'zeros') {
          expect(slice.every((x) => x === 0)).toBe(true)
          continue
        }
        const limit = Math.sqrt(6 / (tensor.init.fanIn + tensor.init.fanOut))
        const max = slice.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
        expect(max).toBeLessThanOrEqual(Math.fround(limit))
        // Uniform on [−L, L] has mean 0 and variance L²/3.
        const mean = slice.reduce((s, x) => s + x, 0) / slice.length
        const variance = slice.reduce((s, x) => s + (x - mean) ** 2, 0) / slice.length
        if (slice.length > 1000) {
          expect(Math.abs(mean)).toBeLessThan(limit * 0.02)
          expect(variance / ((limit * limit) / 3)).toBeCloseTo(1, 1)
        }
      }
    }
  })
})
