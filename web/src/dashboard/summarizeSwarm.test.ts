import { describe, expect, test } from 'vitest'
import type {
  EvaluationRecord,
  FailureRecord,
  PresenceRecord,
  ReportRecord,
  RoundRecord,
  VersionRecord,
} from '../../../core/swarm/records.ts'
import { estimateRingBytes } from './estimateRingBytes.ts'
import { summarizeSwarm } from './summarizeSwarm.ts'

// Only the fields the summary reads: the records carry more (signatures, offsets) that it has no use for.
const hash = `0x${'ab'.repeat(32)}` as const
const version = (v: number, contributors: string[], attempt = 0) =>
  ({ version: v, hash, round: v - 1, attempt, contributors, loss: 2 / (v + 1) }) as VersionRecord
const report = (v: number, peer: string, compute: number, attempt = 0) =>
  ({ version: v, attempt, peer, hash, samples: 8, timings: { compute, allreduce: 10, optimizer: 2 } }) as ReportRecord
const presence = (peer: string, v: number, active = true, backend = 'wasm') =>
  ({ peer, version: v, hash, active, backend }) as PresenceRecord
const round = (r: number, members: string[], attempt = 0) =>
  ({ round: r, attempt, members, leader: members[0]! }) as RoundRecord
const failure = (r: number, attempt: number, peer: string) =>
  ({ round: r, attempt, peer, culprit: null, cause: 'timeout' }) as FailureRecord

const empty = {
  versions: [],
  rounds: [],
  reports: [],
  failures: [],
  presence: [],
  evaluations: [],
  parameterCount: 1000,
  codec: 'fp32' as const,
}

describe('summarizeSwarm', () => {
  test('an empty doc shows nothing, without failing', () => {
    const summary = summarizeSwarm(empty)
    expect(summary).toMatchObject({
      version: undefined,
      ring: [],
      others: [],
      loss: { x: [], y: [] },
      timings: { latest: undefined, mean: undefined, rounds: 0 },
      traffic: { lastRoundPerMember: 0, total: 0 },
    })
  })

  test('loss over trained versions, accuracy over evaluations, in version order', () => {
    const summary = summarizeSwarm({
      ...empty,
      versions: [version(2, ['a', 'b']), { ...version(0, []), round: -1 }, version(1, ['a'])],
      evaluations: [{ version: 2, accuracy: 0.5 } as EvaluationRecord],
    })
    expect(summary.version).toBe(2)
    expect(summary.loss).toEqual({ x: [1, 2], y: [1, 2 / 3] })
    expect(summary.accuracy).toEqual({ x: [2], y: [0.5] })
  })

  test('the ring in round order with backends and throughput; everyone else says why they are out', () => {
    const summary = summarizeSwarm({
      ...empty,
      versions: [version(3, ['b', 'a'], 1)],
      rounds: [round(2, ['b', 'a']), round(3, ['a', 'b', 'c'], 0), round(3, ['b', 'a'], 1)],
      reports: [report(3, 'a', 100, 1), report(3, 'b', 400, 1), report(3, 'c', 1, 0)],
      presence: [
        presence('a', 3, true, 'webgpu'),
        presence('b', 3),
        presence('c', 3),
        presence('d', 3, false),
        presence('e', 1),
      ],
    })
    expect(summary.ring).toEqual([
      { peer: 'b', backend: 'wasm', samplesPerSecond: 20, role: 'leader' },
      { peer: 'a', backend: 'webgpu', samplesPerSecond: 80, role: 'member' },
    ])
    // c's report belongs to the retried attempt 0, so it is not counted anywhere.
    expect(summary.others.map((p) => [p.peer, p.role, p.samplesPerSecond])).toEqual([
      ['c', 'waiting', undefined],
      ['d', 'paused', undefined],
      ['e', 'behind', undefined],
    ])
    expect(summary.timings).toEqual({
      latest: { compute: 250, allreduce: 10, optimizer: 2 },
      mean: { compute: 250, allreduce: 10, optimizer: 2 },
      rounds: 1,
    })
  })

  test('bytes: 2(N−1)/N of the encoded vector per member per round, summed over members and rounds', () => {
    expect(estimateRingBytes(1000, 1, 'fp32')).toBe(0)
    expect(estimateRingBytes(1000, 2, 'fp32')).toBe(4000)
    expect(estimateRingBytes(1000, 4, 'fp16')).toBe(3000)
    const summary = summarizeSwarm({ ...empty, versions: [version(1, ['a', 'b']), version(2, ['a', 'b', 'c', 'd'])] })
    expect(summary.traffic).toEqual({ lastRoundPerMember: 6000, total: 2 * 4000 + 4 * 6000 })
  })

  test('failures newest first', () => {
    const summary = summarizeSwarm({ ...empty, failures: [failure(1, 0, 'a'), failure(2, 0, 'b'), failure(2, 1, 'a')] })
    expect(summary.failures.map((f) => `${f.round}:${f.attempt}:${f.peer}`)).toEqual(['2:1:a', '2:0:b', '1:0:a'])
  })
})
