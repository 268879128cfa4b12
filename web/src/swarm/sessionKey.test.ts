import { describe, expect, test } from 'vitest'
import { memoryStorage } from '../rewards/testing/memoryStorage.ts'
import { sessionKey } from './sessionKey.ts'

const swarmA = `0x${'aa'.repeat(32)}` as const
const swarmB = `0x${'bb'.repeat(32)}` as const

describe('sessionKey', () => {
  test('a reload of the tab gets the same key back; another swarm or another tab gets its own', () => {
    const tab = memoryStorage()
    const first = sessionKey(swarmA, tab)
    expect(sessionKey(swarmA, tab)).toBe(first)
    expect(sessionKey(swarmB, tab)).not.toBe(first)
    expect(sessionKey(swarmA, memoryStorage())).not.toBe(first)
  })

  test('a stored value that is not a key is replaced, and no storage still gives a key', () => {
    const tab = memoryStorage()
    tab.setItem(`starling/session-key/${swarmA}`, 'not a key')
    expect(sessionKey(swarmA, tab)).toMatch(/^0x[0-9a-f]{64}$/)
    expect(sessionKey(swarmA, undefined)).toMatch(/^0x[0-9a-f]{64}$/)
  })
})
