import { MalformedDatasetError } from './MalformedDatasetError.ts'
import {
  type Dataset,
  datasetKindCodes,
  datasetMagic,
  datasetVersion,
  imageHeaderBytes,
  textHeaderBytes,
  tokenWidth,
} from './datasetFormat.ts'

/** Encodes a dataset in the layout of datasetFormat.ts, refusing contents that decodeDataset would reject. */
export function encodeDataset(dataset: Dataset): Uint8Array {
  const fail = (reason: string): never => {
    throw new MalformedDatasetError(reason)
  }
  if (dataset.kind === 'image') {
    const { count, height, width, channels, classes, pixels, labels } = dataset
    for (const [field, value, max] of [
      ['count', count, 0xffffffff],
      ['height', height, 0xffff],
      ['width', width, 0xffff],
      ['channels', channels, 0xffff],
      ['classes', classes, 256],
    ] as const)
      if (!Number.isInteger(value) || value < 1 || value > max)
        fail(`${field} ${value} is not a whole number from 1 to ${max}`)
    const pixelCount = count * height * width * channels
    if (pixels.length !== pixelCount)
      fail(`${pixels.length} pixels for ${count} images of ${height}×${width}×${channels}`)
    if (labels.length !== count) fail(`${labels.length} labels for ${count} images`)
    for (let i = 0; i < count; i++)
      if (labels[i]! >= classes) fail(`label ${labels[i]} of image ${i} is not below ${classes}`)
    const bytes = new Uint8Array(imageHeaderBytes + pixelCount + count)
    const view = header(bytes, datasetKindCodes.image)
    view.setUint32(8, count, true)
    view.setUint16(12, height, true)
    view.setUint16(14, width, true)
    view.setUint16(16, channels, true)
    view.setUint16(18, classes, true)
    bytes.set(pixels, imageHeaderBytes)
    bytes.set(labels, imageHeaderBytes + pixelCount)
    return bytes
  }
  const { vocabulary, tokens } = dataset
  const v = vocabulary.length
  if (v < 1 || v > 0xffff) fail(`a vocabulary of ${v} symbols is not 1 to 65535`)
  if (vocabulary.some((symbol) => [...symbol].length !== 1)) fail('every vocabulary symbol must be one code point')
  if (new Set(vocabulary).size !== v) fail('the vocabulary repeats a symbol')
  const width = tokenWidth(v)
  if ((width === 1) !== tokens instanceof Uint8Array) fail(`a vocabulary of ${v} symbols needs ${width}-byte tokens`)
  for (let i = 0; i < tokens.length; i++) if (tokens[i]! >= v) fail(`token ${tokens[i]} at ${i} is not below ${v}`)
  const text = new TextEncoder().encode(vocabulary.join(''))
  const bytes = new Uint8Array(textHeaderBytes + text.length + tokens.length * width)
  const view = header(bytes, datasetKindCodes.text)
  view.setUint32(8, tokens.length, true)
  view.setUint16(12, v, true)
  view.setUint8(14, width)
  view.setUint32(16, text.length, true)
  bytes.set(text, textHeaderBytes)
  const start = textHeaderBytes + text.length
  if (width === 1) bytes.set(tokens, start)
  else for (let i = 0; i < tokens.length; i++) view.setUint16(start + 2 * i, tokens[i]!, true)
  return bytes
}

function header(bytes: Uint8Array, kind: number): DataView {
  const view = new DataView(bytes.buffer)
  view.setUint32(0, datasetMagic, true)
  view.setUint16(4, datasetVersion, true)
  view.setUint8(6, kind)
  return view
}
