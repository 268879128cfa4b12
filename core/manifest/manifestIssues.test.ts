import { describe, expect, test } from 'vitest'
import { demoManifest } from './demoManifest.ts'
import { manifestIssues } from './manifestIssues.ts'

describe('manifestIssues', () => {
  // Keys every object inherits are not fields: accepted, they would change the swarm id and mean nothing.
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses an inherited key: %s', (key) => {
    // As JSON.parse makes them: own, enumerable properties, even `__proto__`.
    const input = JSON.parse(JSON.stringify(demoManifest())) as Record<string, Record<string, unknown>>
    Object.defineProperty(input.training, key, { value: 1, enumerable: true })
    Object.defineProperty(input, key, { value: 1, enumerable: true })
    expect(manifestIssues(input)).toEqual([
      { path: key, message: 'is not a known field' },
      { path: `training.${key}`, message: 'is not a known field' },
    ])
  })
})
