import { describe, expect, test } from 'vitest'
import { createRandom } from '../../random/createRandom.ts'
import { centeredClip, defaultCenteredClip } from './centeredClip.ts'

const length = 256
const norm = (values: ArrayLike<number>) => Math.sqrt(Array.from(values).reduce((sum, v) => sum + v * v, 0))
const minus = (a: Float32Array, b: Float32Array) => Float32Array.from(a, (v, i) => v - b[i]!)
const meanOf = (xs: readonly Float32Array[]) =>
  Float32Array.from(xs[0]!, (_, i) => xs.reduce((sum, x) => sum + x[i]!, 0) / xs.length)
const clipped = (xs: readonly Float32Array[], scale = 1) => {
  const out = new Float32Array(xs[0]!.length)
  centeredClip(xs, out, defaultCenteredClip, scale)
  return out
}

/** Honest gradients: one shared direction plus per-member noise of a tenth of its size, as minibatches give. */
function honestGradients(seed: string, count: number) {
  const random = createRandom(seed)
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
  const direction = Float32Array.from({ length }, gaussian)
  return Array.from({ length: count }, () => Float32Array.from(direction, (v) => v + 0.1 * gaussian()))
}

const attacks = {
  'scale ×1e6': (x: Float32Array) => Float32Array.from(x, (v) => v * 1e6),
  signflip: (x: Float32Array) => Float32Array.from(x, (v) => -v),
  'noise ×100': (x: Float32Array, seed: string) => {
    const random = createRandom(`${seed}/noise`)
    return Float32Array.from(x, () => 100 * (random.next() - 0.5))
  },
}

describe('centeredClip', () => {
  test('of contributions within the radius is their mean, and of one contribution is itself', () => {
    const xs = honestGradients('agree', 5)
    const mean = meanOf(xs)
    expect(norm(minus(clipped(xs), mean)) / norm(mean)).toBeLessThan(1e-6)
    expect(clipped([xs[0]!])).toEqual(xs[0])
  })

  test('scale multiplies the result (N × clip is the sum-equivalent)', () => {
    const xs = honestGradients('scale', 4)
    expect(clipped(xs, 4)).toEqual(Float32Array.from(clipped(xs), (v) => v * 4))
  })

  test('is deterministic and ignores nothing but order: same inputs, same bits', () => {
    const xs = honestGradients('bits', 6)
    expect(new Uint32Array(clipped(xs).buffer)).toEqual(new Uint32Array(clipped(xs.map((x) => x.slice())).buffer))
  })

  describe.each(Object.entries(attacks))('one hostile contribution (%s)', (name, attack) => {
    test.each([
      [4, 'a'],
      [4, 'b'],
      [8, 'c'],
      [8, 'd'],
    ])('of %i: moves the result far less than it moves the mean (seed %s)', (count, seed) => {
      const honest = honestGradients(`${name}/${seed}`, count - 1)
      const target = meanOf(honest)
      for (let position = 0; position < count; position++) {
        const xs = [...honest]
        xs.splice(position, 0, attack(honest[0]!, seed))
        const robustError = norm(minus(clipped(xs), target))
        const meanError = norm(minus(meanOf(xs), target))
        // The hostile pull is bounded by the radius (2 × the median spread, ≈ 0.2‖g‖ here) over N, whatever its size.
        expect(robustError / norm(target)).toBeLessThan(0.2)
        expect(robustError).toBeLessThan(meanError)
      }
    })
  })

  test('treats identical contributions (zero spread) without dividing by zero', () => {
    const x = honestGradients('same', 1)[0]!
    expect(clipped([x, x, x])).toEqual(x)
    expect(clipped([x, x, attacks['scale ×1e6'](x)])).toEqual(x)
  })
})
