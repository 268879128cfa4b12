import { describe, expect, test } from 'vitest'
import { createRandom } from '../random/createRandom.ts'
import { decodeStatus } from './codec.ts'
import { codecFor } from './codecFor.ts'
import { halfBits, halfTable } from './float16.ts'
import { int8BlockValues } from './int8Codec.ts'
import { codecs } from '../manifest/Manifest.ts'

const bitsOf = (value: number) => new Uint32Array(Float32Array.of(value).buffer)[0]!
const encodeHalf = (value: number) => halfBits(Math.fround(value), bitsOf(value))

/** Independent reference: the nearest half by search over all positive finite halves, ties to the even one. */
function referenceHalf(value: number): number {
  const table = halfTable()
  const magnitude = Math.abs(value)
  let low = 0
  let high = 0x7bff
  if (magnitude >= table[high]!) return (value < 0 ? 0x8000 : 0) | high // saturates
  while (high - low > 1) {
    const middle = (low + high) >> 1
    if (table[middle]! <= magnitude) low = middle
    else high = middle
  }
  const below = magnitude - table[low]!
  const above = table[high]! - magnitude
  const nearest = below < above ? low : above < below ? high : low % 2 === 0 ? low : high
  return (value < 0 || Object.is(value, -0) ? 0x8000 : 0) | nearest
}

describe('float16', () => {
  test('every finite half decodes and encodes back to itself', () => {
    const table = halfTable()
    const wrong: number[] = []
    for (let h = 0; h < 0x10000; h++) if ((h & 0x7c00) !== 0x7c00 && encodeHalf(table[h]!) !== h) wrong.push(h)
    expect(wrong).toEqual([])
  })

  test('the table maps the special exponents to infinity and NaN', () => {
    const table = halfTable()
    expect(table[0x7c00]).toBe(Number.POSITIVE_INFINITY)
    expect(table[0xfc00]).toBe(Number.NEGATIVE_INFINITY)
    expect(table[0x7e00]).toBeNaN()
    expect(Object.is(table[0x8000], -0)).toBe(true)
  })

  test('midpoints round to the even neighbour, values beside them to the nearer one', () => {
    const table = halfTable()
    const step = new Float32Array(1)
    const stepBits = new Uint32Array(step.buffer)
    const beside = (value: number, delta: number) => {
      step[0] = value
      stepBits[0]! += delta
      return step[0]!
    }
    const wrong: string[] = []
    for (let h = 0; h < 0x7bff; h++) {
      const middle = (table[h]! + table[h + 1]!) / 2
      if (encodeHalf(middle) !== (h % 2 === 0 ? h : h + 1)) wrong.push(`tie after ${h}`)
      if (encodeHalf(beside(middle, 1)) !== h + 1) wrong.push(`above ${h}`)
      if (h > 0 && encodeHalf(beside(middle, -1)) !== h) wrong.push(`below ${h}`)
    }
    expect(wrong).toEqual([])
  })

  test('random float32 values match the reference, across magnitudes', () => {
    const random = createRandom('float16')
    const wrong: number[] = []
    for (let i = 0; i < 50_000; i++) {
      const value = Math.fround((random.next() * 2 - 1) * 2 ** (random.nextInt(50) - 30))
      if (encodeHalf(value) !== referenceHalf(value)) wrong.push(value)
    }
    expect(wrong).toEqual([])
  })

  test('magnitudes past 65504 saturate', () => {
    expect(encodeHalf(65519.99)).toBe(0x7bff)
    expect(encodeHalf(65520)).toBe(0x7bff)
    expect(encodeHalf(1e30)).toBe(0x7bff)
    expect(encodeHalf(-1e30)).toBe(0xfbff)
  })
})

describe('codecs', () => {
  test.each(codecs)('%s: encodedBytes and valuesPerPayload agree', (name) => {
    const codec = codecFor(name)
    for (let bytes = 1; bytes < 2000; bytes++) {
      const values = codec.valuesPerPayload(bytes)
      if (values > 0) expect(codec.encodedBytes(values)).toBeLessThanOrEqual(bytes)
      expect(codec.encodedBytes(values + 1)).toBeGreaterThan(bytes)
    }
  })

  test.each(codecs)('%s: decode(encode(x)) is stable and decodeAdd adds exactly the decoded values', (name) => {
    const codec = codecFor(name)
    const random = createRandom(name)
    const values = Float32Array.from({ length: 300 }, () => (random.next() * 2 - 1) * 10)
    const payload = new Uint8Array(codec.encodedBytes(values.length))
    codec.encode(values, payload)
    const decoded = new Float32Array(values.length)
    expect(codec.decode(payload, decoded)).toBe(decodeStatus.ok)
    const again = new Uint8Array(payload.length)
    codec.encode(decoded, again)
    expect(again).toEqual(payload)
    const base = Float32Array.from({ length: values.length }, (_, i) => i)
    const summed = base.slice()
    expect(codec.decodeAdd(payload, summed)).toBe(decodeStatus.ok)
    for (let i = 0; i < values.length; i++) expect(summed[i]).toBe(Math.fround(base[i]! + decoded[i]!))
  })

  test('fp32 is exact, keeps -0, and reads unaligned payloads', () => {
    const codec = codecFor('fp32')
    const values = Float32Array.of(-0, 1.5, -3.25e-38, 3.4e38)
    const frame = new Uint8Array(1 + codec.encodedBytes(values.length))
    codec.encode(values, frame.subarray(1))
    const decoded = new Float32Array(values.length)
    expect(codec.decode(frame.subarray(1), decoded)).toBe(decodeStatus.ok)
    expect(new Uint32Array(decoded.buffer)).toEqual(new Uint32Array(values.buffer))
  })

  test.each([
    ['fp32', Number.NaN],
    ['fp32', Number.POSITIVE_INFINITY],
    ['fp16', Number.NaN],
  ] as const)('%s: decoders report %s', (name, bad) => {
    const codec = codecFor(name)
    const payload = new Uint8Array(codec.encodedBytes(4))
    codec.encode(Float32Array.of(1, 2, 3, 4), payload)
    if (name === 'fp32') new DataView(payload.buffer).setFloat32(8, bad, true)
    else new DataView(payload.buffer).setUint16(4, 0x7e00, true)
    expect(codec.decode(payload, new Float32Array(4))).toBe(decodeStatus.nonFinite)
    expect(codec.decodeAdd(payload, new Float32Array(4))).toBe(decodeStatus.nonFinite)
  })

  test('int8: a bad scale is non-finite, -128 is out of range', () => {
    const codec = codecFor('int8')
    const payload = new Uint8Array(codec.encodedBytes(10))
    codec.encode(
      Float32Array.from({ length: 10 }, (_, i) => i - 5),
      payload,
    )
    const nan = payload.slice()
    new DataView(nan.buffer).setFloat32(0, Number.NaN, true)
    expect(codec.decode(nan, new Float32Array(10))).toBe(decodeStatus.nonFinite)
    const negative = payload.slice()
    new DataView(negative.buffer).setFloat32(0, -1, true)
    expect(codec.decodeAdd(negative, new Float32Array(10))).toBe(decodeStatus.nonFinite)
    const low = payload.slice()
    low[4 + 3] = 0x80
    expect(codec.decode(low, new Float32Array(10))).toBe(decodeStatus.outOfRange)
  })

  test('int8: every value is within max|block| / 254 (+ float32 rounding) of its input', () => {
    const codec = codecFor('int8')
    const random = createRandom('int8')
    let worst = 0
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + random.nextInt(3 * int8BlockValues)
      const scale = 2 ** (random.nextInt(40) - 20)
      const values = Float32Array.from({ length: count }, () => (random.next() * 2 - 1) * scale)
      const payload = new Uint8Array(codec.encodedBytes(count))
      codec.encode(values, payload)
      const decoded = new Float32Array(count)
      codec.decode(payload, decoded)
      for (let block = 0; block * int8BlockValues < count; block++) {
        const slice = values.subarray(block * int8BlockValues, (block + 1) * int8BlockValues)
        const max = Math.max(...Array.from(slice, Math.abs))
        for (let i = 0; i < slice.length; i++)
          worst = Math.max(
            worst,
            Math.abs(decoded[block * int8BlockValues + i]! - slice[i]!) / (max / 254 + max * 2 ** -23),
          )
      }
    }
    expect(worst).toBeLessThanOrEqual(1)
    expect(worst).toBeGreaterThan(0.9) // the bound is tight, not loose
  })
})
