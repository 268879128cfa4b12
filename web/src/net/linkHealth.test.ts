import { describe, expect, test } from 'vitest'
import { connectTimeoutMs, heartbeatTimeoutMs, linkFailure } from './linkHealth.ts'

describe('linkFailure', () => {
  test('an up link is dropped only after a heartbeat timeout of silence', () => {
    const link = { up: true, createdAt: 0, lastHeard: 1_000 }
    expect(linkFailure(link, 1_000 + heartbeatTimeoutMs)).toBeUndefined()
    expect(linkFailure(link, 1_001 + heartbeatTimeoutMs)).toBe(`no heartbeat for ${heartbeatTimeoutMs} ms`)
  })

  test('a link that never came up is dropped after the connect timeout, so the next announcement retries', () => {
    const link = { up: false, createdAt: 2_000, lastHeard: 2_000 }
    expect(linkFailure(link, 2_000 + connectTimeoutMs)).toBeUndefined()
    expect(linkFailure(link, 2_001 + connectTimeoutMs)).toBe(`not connected within ${connectTimeoutMs} ms`)
  })

  test('an up link is not judged by its age', () => {
    expect(linkFailure({ up: true, createdAt: 0, lastHeard: 10 * connectTimeoutMs }, 10 * connectTimeoutMs + 1)).toBe(
      undefined,
    )
  })
})
