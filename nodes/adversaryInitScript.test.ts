import { runInNewContext } from 'node:vm'
import { describe, expect, test, vi } from 'vitest'
import type { ReduceAttempt, Reducer } from '../core/swarm/VolunteerPorts.ts'
import type { ReducerWrapper } from '../web/src/swarm/SwarmEvent.ts'
import { adversaryInitScript } from './adversaryInitScript.ts'

describe('adversaryInitScript', () => {
  test('is one classic script that registers a reducer wrapper, honest until an attack is set', async () => {
    const source = await adversaryInitScript()
    // The strings stack/buildWeb.test.ts looks for in the app's bundle are in this one.
    expect(source).toContain('signflip')
    expect(source).toContain('starling/adversary/noise')
    const window: { starlingReducerWrapper?: ReducerWrapper } = {}
    runInNewContext(source, { window })
    const allReduce = vi.fn(async (input: Float32Array) => input)
    const honest = { allReduce, contributionOf: vi.fn(), abort: vi.fn(), resetErrorFeedback: vi.fn() }
    const reducer = window.starlingReducerWrapper!(honest as unknown as Reducer)
    const session: ReduceAttempt = { round: 0, attempt: 0, members: [] }
    await reducer.allReduce(new Float32Array([1, -2]), session)
    reducer.setAttack({ kind: 'signflip' })
    await reducer.allReduce(new Float32Array([1, -2]), session)
    expect(allReduce.mock.calls.map(([sent]) => [...sent])).toEqual([
      [1, -2],
      [-1, 2],
    ])
    expect(await adversaryInitScript()).toBe(source)
  })
})
