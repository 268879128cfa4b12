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

/**
 * Reads a dataset file (datasetFormat.ts). Pixels and 1-byte tokens are views into `bytes`, not copies.
 * Every field is checked, since a file named by URL in a manifest may be anything.
 */
export function decodeDataset(bytes: Uint8Array): Dataset {
  const fail = (reason: string): never => {
    throw new MalformedDatasetError(reason)
  }
  if (bytes.length < 8) fail(`${bytes.length} bytes is shorter than any header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== datasetMagic) fail('it does not start with "SDAT"')
  const version = view.getUint16(4, true)
  if (version !== datasetVersion) fail(`format version ${version} is not ${datasetVersion}`)
  const kind = view.getUint8(6)
  if (kind !== datasetKindCodes.image && kind !== datasetKindCodes.text)
    fail(`kind ${kind} is neither image (1) nor text (2)`)
  if (view.getUint8(7) !== 0) fail('reserved byte 7 is not 0')
  if (bytes.length < imageHeaderBytes) fail(`${bytes.length} bytes is shorter than the header`)
  const exactLength = (expected: number) =>
    bytes.length === expected || fail(`it has ${bytes.length} bytes where its header promises ${expected}`)

  if (kind === datasetKindCodes.image) {
    const count = view.getUint32(8, true)
    const height = view.getUint16(12, true)
    const width = view.getUint16(14, true)
    const channels = view.getUint16(16, true)
    const classes = view.getUint16(18, true)
    if (count < 1 || height < 1 || width < 1 || channels < 1)
      fail(`image count and shape ${count}×${height}×${width}×${channels} must not be 0`)
    if (classes < 1 || classes > 256) fail(`${classes} classes is not 1 to 256`)
    const pixelCount = count * height * width * channels
    exactLength(imageHeaderBytes + pixelCount + count)
    const pixels = bytes.subarray(imageHeaderBytes, imageHeaderBytes + pixelCount)
    const labels = bytes.subarray(imageHeaderBytes + pixelCount)
    for (let i = 0; i < count; i++)
      if (labels[i]! >= classes) fail(`label ${labels[i]} of image ${i} is not below ${classes}`)
    return { kind: 'image', count, height, width, channels, classes, pixels, labels }
  }

  const tokenCount = view.getUint32(8, true)
  const v = view.getUint16(12, true)
  const width = view.getUint8(14)
  const vocabularyBytes = view.getUint32(16, true)
  if (v < 1) fail('the vocabulary is empty')
  if (width !== tokenWidth(v)) fail(`token width ${width} does not fit a vocabulary of ${v} (must be ${tokenWidth(v)})`)
  if (view.getUint8(15) !== 0) fail('reserved byte 15 is not 0')
  const start = textHeaderBytes + vocabularyBytes
  exactLength(start + tokenCount * width)
  let text = ''
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(textHeaderBytes, start))
  } catch (cause) {
    fail(`the vocabulary is not valid UTF-8 (${cause instanceof Error ? cause.message : String(cause)})`)
  }
  const vocabulary = [...text]
  if (vocabulary.length !== v) fail(`the vocabulary has ${vocabulary.length} symbols, not ${v}`)
  if (new Set(vocabulary).size !== v) fail('the vocabulary repeats a symbol')
  let tokens: Uint8Array | Uint16Array
  if (width === 1) tokens = bytes.subarray(start)
  else {
    tokens = new Uint16Array(tokenCount)
    for (let i = 0; i < tokenCount; i++) tokens[i] = view.getUint16(start + 2 * i, true)
  }
  for (let i = 0; i < tokenCount; i++) if (tokens[i]! >= v) fail(`token ${tokens[i]} at ${i} is not below ${v}`)
  return { kind: 'text', vocabulary, tokens }
}
