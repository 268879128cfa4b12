import { describe, expect, test } from 'vitest'
import { parseAttack } from './createAdversaryReducer.ts'

describe('parseAttack', () => {
  test('reads a kind and an optional scale', () => {
    expect(parseAttack('lies:100')).toEqual({ kind: 'lies', scale: 100 })
    expect(parseAttack('poisons:-1e3')).toEqual({ kind: 'poisons', scale: -1000 })
    expect(parseAttack('lies')).toEqual({ kind: 'lies', scale: 100 })
  })

  test.each(['zeros', 'lies:x', 'lies:1', 'poisons:Infinity', ''])('refuses %j in words', (text) => {
    expect(() => parseAttack(text)).toThrow(/--attack/)
  })
})
