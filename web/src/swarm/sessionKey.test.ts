import { describe, expect, test } from 'vitest'
import { sessionKey } from './sessionKey.ts'

/** sessionStorage's interface over a Map: the tests run in Node. */
function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  }
}

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
