import { describe, expect, it } from 'vitest'
import { splitImages } from './splitImages.ts'
import { maxHeldOutWindows, splitText } from './splitText.ts'

describe('splitImages', () => {
  it('holds out 2,000 of the 10,000 mnist digits and trains on the other 8,000, disjointly', () => {
    const { train, heldOut } = splitImages(10_000)
    expect([train.length, heldOut.length]).toEqual([8000, 2000])
    const all = new Set([...train, ...heldOut])
    expect(all.size).toBe(10_000)
    expect(Math.max(...all)).toBe(9999)
  })

  it('is fixed (one seed for every swarm) and pinned: held-out accuracy must mean the same thing everywhere', () => {
    expect(splitImages(10_000)).toEqual(splitImages(10_000))
    expect(Array.from(splitImages(10_000).heldOut.subarray(0, 5))).toEqual([809, 6170, 8841, 363, 1381])
  })
})

describe('splitText', () => {
  it('keeps training windows out of the held-out tenth', () => {
    const { trainSize, heldOut } = splitText(10_000, 16)
    expect(trainSize).toBe(9000 - 16)
    expect(heldOut[0]).toBe(9000)
    for (const start of heldOut) expect(start + 16).toBeLessThan(10_000)
    for (let k = 1; k < heldOut.length; k++) expect(heldOut[k]! - heldOut[k - 1]!).toBeGreaterThanOrEqual(17)
  })

  it('caps the held-out windows for long streams', () => {
    const { heldOut } = splitText(6_000_000, 32)
    expect(heldOut.length).toBe(maxHeldOutWindows)
    expect(heldOut.at(-1)! + 33).toBeLessThanOrEqual(6_000_000)
  })
})
