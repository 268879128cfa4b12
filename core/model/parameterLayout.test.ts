import { describe, expect, it } from 'vitest'
import type { ModelSpec } from '../manifest/Manifest.ts'
import { charVocabulary } from '../data/charVocabulary.ts'
import { parameterLayout } from './parameterLayout.ts'

const specs: ModelSpec[] = [
  { preset: 'mnist-mlp', hidden: [128] },
  { preset: 'mnist-mlp', hidden: [256, 64] },
  { preset: 'mnist-cnn', filters: [16, 32], dense: 64 },
  { preset: 'char-lm', context: 32, embedding: 16, hidden: 256 },
]

describe('parameterLayout', () => {
  it('mnist-mlp [128] is 784-128-10: 101,770 parameters', () => {
    const layout = parameterLayout({ preset: 'mnist-mlp', hidden: [128] })
    expect(layout.size).toBe(101_770)
    expect(layout.tensors.map((t) => [t.name, t.shape, t.offset])).toEqual([
      ['dense0/kernel', [784, 128], 0],
      ['dense0/bias', [128], 100_352],
      ['output/kernel', [128, 10], 100_480],
      ['output/bias', [10], 101_760],
    ])
  })

  it('mnist-mlp with two hidden layers', () => {
    expect(parameterLayout({ preset: 'mnist-mlp', hidden: [256, 64] }).size).toBe(
      784 * 256 + 256 + 256 * 64 + 64 + 64 * 10 + 10,
    )
  })

  it('mnist-cnn: 3×3 convolutions, each halving the side by max-pooling (28 → 14 → 7)', () => {
    const layout = parameterLayout({ preset: 'mnist-cnn', filters: [16, 32], dense: 64 })
    expect(layout.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['conv0/kernel', [3, 3, 1, 16]],
      ['conv0/bias', [16]],
      ['conv1/kernel', [3, 3, 16, 32]],
      ['conv1/bias', [32]],
      ['dense0/kernel', [7 * 7 * 32, 64]],
      ['dense0/bias', [64]],
      ['output/kernel', [64, 10]],
      ['output/bias', [10]],
    ])
    expect(layout.size).toBe(144 + 16 + 4608 + 32 + 100_352 + 64 + 640 + 10)
    const conv1 = layout.tensors[2]!.init
    expect(conv1).toEqual({ kind: 'glorotUniform', fanIn: 9 * 16, fanOut: 9 * 32 })
  })

  it('char-lm: embedding table, one hidden layer, logits over the fixed vocabulary', () => {
    const v = charVocabulary.length
    const layout = parameterLayout({ preset: 'char-lm', context: 32, embedding: 16, hidden: 256 })
    expect(layout.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['embedding/table', [v, 16]],
      ['hidden/kernel', [32 * 16, 256]],
      ['hidden/bias', [256]],
      ['output/kernel', [256, v]],
      ['output/bias', [v]],
    ])
  })

  it.each(specs)('tensors of %j tile the vector back to back, with unique names', (spec) => {
    const layout = parameterLayout(spec)
    let offset = 0
    for (const tensor of layout.tensors) {
      expect(tensor.offset).toBe(offset)
      expect(tensor.size).toBe(tensor.shape.reduce((a, b) => a * b, 1))
      expect(tensor.init.kind).toBe(tensor.name.endsWith('/bias') ? 'zeros' : 'glorotUniform')
      offset += tensor.size
    }
    expect(layout.size).toBe(offset)
    expect(new Set(layout.tensors.map((t) => t.name)).size).toBe(layout.tensors.length)
  })
})
