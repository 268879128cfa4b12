import { describe, expect, it } from 'vitest'
import { MalformedDatasetError } from './MalformedDatasetError.ts'
import type { ImageDataset, TextDataset } from './datasetFormat.ts'
import { decodeDataset } from './decodeDataset.ts'
import { encodeDataset } from './encodeDataset.ts'

const images: ImageDataset = {
  kind: 'image',
  count: 3,
  height: 2,
  width: 2,
  channels: 1,
  classes: 10,
  pixels: Uint8Array.from({ length: 12 }, (_, i) => i * 20),
  labels: Uint8Array.of(7, 0, 9),
}
const text: TextDataset = {
  kind: 'text',
  vocabulary: ['a', 'b', ' ', 'é', '😀'],
  tokens: Uint8Array.of(0, 1, 2, 3, 4, 0),
}
const bigVocabulary = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + i))
const wideText: TextDataset = { kind: 'text', vocabulary: bigVocabulary, tokens: Uint16Array.of(299, 0, 256, 17) }

describe('encodeDataset / decodeDataset', () => {
  it.each([
    ['images', images],
    ['text with 1-byte tokens', text],
    ['text with 2-byte tokens', wideText],
  ])('round-trips %s', (_, dataset) => {
    const bytes = encodeDataset(dataset)
    expect(decodeDataset(bytes)).toEqual(dataset)
    expect(encodeDataset(decodeDataset(bytes))).toEqual(bytes)
  })

  it('writes the documented image layout', () => {
    const bytes = encodeDataset(images)
    const view = new DataView(bytes.buffer)
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('SDAT')
    expect([
      view.getUint16(4, true),
      bytes[6],
      view.getUint32(8, true),
      view.getUint16(12, true),
      view.getUint16(14, true),
      view.getUint16(16, true),
      view.getUint16(18, true),
    ]).toEqual([1, 1, 3, 2, 2, 1, 10])
    expect(Array.from(bytes.subarray(20 + 12))).toEqual([7, 0, 9])
    expect(bytes.length).toBe(20 + 12 + 3)
  })

  it('decodes from a view at any offset of a larger buffer', () => {
    const bytes = encodeDataset(text)
    const padded = new Uint8Array(bytes.length + 3)
    padded.set(bytes, 3)
    expect(decodeDataset(padded.subarray(3))).toEqual(text)
  })

  const tampered = (dataset: ImageDataset | TextDataset, edit: (view: DataView, bytes: Uint8Array) => void) => {
    const bytes = encodeDataset(dataset)
    edit(new DataView(bytes.buffer), bytes)
    return bytes
  }
  it.each([
    ['empty', new Uint8Array(0)],
    ['bad magic', tampered(images, (v) => v.setUint8(1, 0))],
    ['unknown version', tampered(images, (v) => v.setUint16(4, 9, true))],
    ['unknown kind', tampered(images, (v) => v.setUint8(6, 3))],
    ['nonzero reserved byte', tampered(images, (v) => v.setUint8(7, 1))],
    ['truncated pixels', encodeDataset(images).subarray(0, 30)],
    ['trailing bytes', Uint8Array.of(...encodeDataset(images), 0)],
    ['zero images', tampered(images, (v) => v.setUint32(8, 0, true))],
    ['too many classes', tampered(images, (v) => v.setUint16(18, 300, true))],
    ['label out of range', tampered(images, (_, b) => (b[b.length - 1] = 10))],
    ['count larger than the file', tampered(images, (v) => v.setUint32(8, 4, true))],
    ['token out of range', tampered(text, (_, b) => (b[b.length - 1] = 5))],
    ['wrong token width', tampered(text, (v) => v.setUint8(14, 2))],
    ['vocabulary size mismatch', tampered(text, (v) => v.setUint16(12, 4, true))],
    ['invalid UTF-8 vocabulary', tampered(text, (_, b) => (b[20] = 0xff))],
    ['repeated vocabulary symbol', tampered(text, (_, b) => (b[21] = 'a'.charCodeAt(0)))],
  ])('rejects %s with MalformedDatasetError', (_, bytes) => {
    expect(() => decodeDataset(bytes)).toThrow(MalformedDatasetError)
  })

  it.each([
    ['a label of 10 with 10 classes', { ...images, labels: Uint8Array.of(10, 0, 0) }],
    ['pixels that do not fill the images', { ...images, pixels: new Uint8Array(11) }],
    ['a symbol of two code points', { ...text, vocabulary: ['a', 'bc', ' ', 'é', '😀'] }],
    ['2-byte tokens for a small vocabulary', { ...text, tokens: Uint16Array.of(0, 1) }],
  ])('refuses to encode %s', (_, dataset) => {
    expect(() => encodeDataset(dataset as ImageDataset | TextDataset)).toThrow(MalformedDatasetError)
  })
})
