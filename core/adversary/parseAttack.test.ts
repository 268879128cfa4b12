import { describe, expect, test } from 'vitest'
import { formatAttack, parseAttack } from './parseAttack.ts'

describe('parseAttack', () => {
  test('reads a kind and, for the kinds that scale, an optional scale', () => {
    expect(parseAttack('zeros')).toEqual({ kind: 'zeros' })
    expect(parseAttack('signflip')).toEqual({ kind: 'signflip' })
    expect(parseAttack('scale')).toEqual({ kind: 'scale', scale: 100 })
    expect(parseAttack('scale:-1e3')).toEqual({ kind: 'scale', scale: -1000 })
    expect(parseAttack('noise')).toEqual({ kind: 'noise', scale: 1 })
    expect(parseAttack('noise:0.5')).toEqual({ kind: 'noise', scale: 0.5 })
    expect(parseAttack('mismatch')).toEqual({ kind: 'mismatch', scale: 100 })
    expect(parseAttack('mismatch:0')).toEqual({ kind: 'mismatch', scale: 0 })
  })

  test.each([
    ['lies:100', /--attack must be one of zeros, scale, noise, signflip, mismatch/],
    ['poisons', /--attack must be one of/],
    ['', /--attack must be one of/],
    ['scale:2:3', /--attack must be one of/],
    ['zeros:0', /--attack zeros takes no scale/],
    ['signflip:', /--attack signflip takes no scale/],
    ['scale:x', /--attack scale's scale must be a finite number, got "x"/],
    ['scale:', /--attack scale's scale must be a finite number/],
    ['mismatch:Infinity', /--attack mismatch's scale must be a finite number/],
    ['scale:1', /--attack scale's scale must not be 1/],
    ['mismatch:1', /--attack mismatch's scale must not be 1/],
    ['noise:0', /--attack noise's scale must be positive/],
    ['noise:-2', /--attack noise's scale must be positive/],
  ])('refuses %j in words', (text, message) => {
    expect(() => parseAttack(text)).toThrow(RangeError)
    expect(() => parseAttack(text)).toThrow(message)
  })

  test.each(['zeros', 'signflip', 'scale:100', 'scale:-0.5', 'noise:1', 'mismatch:1000'])(
    'formatAttack writes what it read: %s',
    (text) => {
      expect(formatAttack(parseAttack(text))).toBe(text)
    },
  )
})
