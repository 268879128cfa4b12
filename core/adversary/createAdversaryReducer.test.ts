// What the honest reducer under an adversary receives, per attack: contributionOf (what the member commits to) and
// allReduce (what it sends) see one transformed copy for every kind but mismatch, which commits to the honest input.

import { describe, expect, test } from 'vitest'
import type { Reducer, ReduceAttempt } from '../swarm/VolunteerPorts.ts'
import { type Attack, createAdversaryReducer } from './createAdversaryReducer.ts'

const members = ['a', 'b', 'c']
const attempt = (n: number): ReduceAttempt => ({ round: 0, attempt: n, members })

/** An honest reducer that records every input it is handed. */
function recordingReducer() {
  const committed: Float32Array[] = []
  const sent: Float32Array[] = []
  const reducer: Reducer = {
    contributionOf: (input) => {
      committed.push(input)
      return [new Uint8Array(input.buffer.slice(0))]
    },
    allReduce: async (input) => {
      sent.push(input)
      return input.slice()
    },
    abort: () => undefined,
    resetErrorFeedback: () => undefined,
  }
  return { reducer, committed, sent }
}

/** One contribution (commitments, then the all-reduce) of `gradient` through an adversary. */
async function contribute(attack: Attack | undefined, gradient: Float32Array) {
  const honest = recordingReducer()
  const adversary = createAdversaryReducer(honest.reducer, attack)
  adversary.contributionOf(gradient, members)
  await adversary.allReduce(gradient, attempt(0))
  return { committed: honest.committed[0]!, sent: honest.sent[0]! }
}

const gradient = () => Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * (1 + (i % 7)))
const rms = (values: Float32Array) => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length)

describe('createAdversaryReducer', () => {
  test('honest: both see the gradient itself', async () => {
    const g = gradient()
    const { committed, sent } = await contribute(undefined, g)
    expect(committed).toBe(g)
    expect(sent).toBe(g)
  })

  test.each<[Attack, (v: number) => number]>([
    [{ kind: 'zeros' }, () => 0],
    [{ kind: 'scale', scale: 100 }, (v) => Math.fround(v * 100)],
    [{ kind: 'scale', scale: -0.5 }, (v) => Math.fround(v * -0.5)],
    [{ kind: 'signflip' }, (v) => -v],
  ])('%j commits to exactly what it sends', async (attack, expected) => {
    const g = gradient()
    const before = g.slice()
    const { committed, sent } = await contribute(attack, g)
    expect(sent).toBe(committed)
    expect(sent).not.toBe(g)
    expect(Array.from(sent)).toEqual(Array.from(g, expected))
    expect(g).toEqual(before)
  })

  test('noise commits to what it sends: seeded Gaussian values, scale × the gradient RMS', async () => {
    const g = Float32Array.from({ length: 20_000 }, (_, i) => Math.cos(i) * 3)
    const { committed, sent } = await contribute({ kind: 'noise', scale: 2, seed: 7 }, g)
    expect(sent).toBe(committed)
    expect(sent).toHaveLength(g.length)
    // 20 000 draws: standard errors of 0.5 % (RMS) and 0.7 % (mean, correlation) of the deviation; bounds well past.
    expect(rms(sent) / (2 * rms(g))).toBeCloseTo(1, 1)
    expect(Math.abs(sent.reduce((sum, v) => sum + v, 0) / sent.length)).toBeLessThan(0.02 * 2 * rms(g))
    // Unlike the gradient: not a multiple of it.
    const correlation = sent.reduce((sum, v, i) => sum + v * g[i]!, 0) / (sent.length * rms(sent) * rms(g))
    expect(Math.abs(correlation)).toBeLessThan(0.05)
  })

  test('noise is reproducible from its seed, differs between seeds, and is drawn anew per gradient', async () => {
    const g = gradient()
    const seven = await contribute({ kind: 'noise', scale: 1, seed: 7 }, g)
    expect((await contribute({ kind: 'noise', scale: 1, seed: 7 }, g.slice())).sent).toEqual(seven.sent)
    expect((await contribute({ kind: 'noise', scale: 1, seed: 8 }, g)).sent).not.toEqual(seven.sent)
    expect((await contribute({ kind: 'noise', scale: 1 }, g)).sent).toEqual(
      (await contribute({ kind: 'noise', scale: 1, seed: 0 }, g)).sent,
    )

    const honest = recordingReducer()
    const adversary = createAdversaryReducer(honest.reducer, { kind: 'noise', scale: 1, seed: 7 })
    await adversary.allReduce(g, attempt(0))
    await adversary.allReduce(g.slice(), attempt(1))
    expect(honest.sent[0]).toEqual(seven.sent)
    expect(honest.sent[1]).not.toEqual(seven.sent)
  })

  test('mismatch commits to the honest gradient and sends it scaled', async () => {
    const g = gradient()
    const { committed, sent } = await contribute({ kind: 'mismatch', scale: 100 }, g)
    expect(committed).toBe(g)
    expect(Array.from(sent)).toEqual(Array.from(g, (v) => Math.fround(v * 100)))
  })

  test('retries of one gradient reuse its copy; a new gradient gets a new one', async () => {
    const honest = recordingReducer()
    const adversary = createAdversaryReducer(honest.reducer, { kind: 'scale', scale: 10 })
    const g = gradient()
    adversary.contributionOf(g, members)
    await adversary.allReduce(g, attempt(0))
    adversary.contributionOf(g, members.slice(1))
    await adversary.allReduce(g, attempt(1))
    expect(new Set([...honest.committed, ...honest.sent]).size).toBe(1)

    const next = gradient()
    await adversary.allReduce(next, attempt(2))
    expect(honest.sent[2]).not.toBe(honest.sent[0])
    expect(honest.sent[2]).toEqual(honest.sent[0])
  })

  test('an attack switched on or off applies from the next gradient, not between committing and sending', async () => {
    const honest = recordingReducer()
    const adversary = createAdversaryReducer(honest.reducer)
    const first = gradient()
    adversary.contributionOf(first, members)
    adversary.setAttack({ kind: 'zeros' })
    await adversary.allReduce(first, attempt(0))
    expect(honest.sent[0]).toBe(first)

    const second = gradient()
    adversary.contributionOf(second, members)
    adversary.setAttack(undefined)
    await adversary.allReduce(second, attempt(1))
    expect(honest.committed[1]).toEqual(new Float32Array(second.length))
    expect(honest.sent[1]).toBe(honest.committed[1])

    const third = gradient()
    await adversary.allReduce(third, attempt(2))
    expect(honest.sent[2]).toBe(third)
  })
})
