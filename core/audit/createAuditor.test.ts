import { sha256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { codecFor } from '../allreduce/codecFor.ts'
import { contributionChunks, contributionCommitments } from '../allreduce/robust/contributionCommitments.ts'
import { createOptimizerState } from '../optimizer/createOptimizerState.ts'
import { serializeState } from '../state/serializeState.ts'
import type { MapName, RecordMaps, VersionRecord } from '../swarm/records.ts'
import { AuditClosedError, AuditMismatchError, NotAuditedError } from './auditErrors.ts'
import { type AuditVerdict, createAuditor } from './createAuditor.ts'
import { MalformedRevealError, encodeReveal, revealHeaderBytes } from './revealFormat.ts'

const values = 2_000
const frameBytes = 1_024
const [alice, bob] = ['0x' + 'a'.repeat(40), '0x' + 'b'.repeat(40)] as const
const members = [alice, bob]
const codec = codecFor('fp32')
/** The "model": a gradient anyone recomputes from the parameters and the shard. */
const gradientOf = (params: Float32Array, samples: Uint32Array) =>
  Float32Array.from(params, (p, i) => p * 0.5 + samples[0]! + i * 1e-3)
const shard = (offset: number, slot: number) => Uint32Array.of(offset + slot * 4, offset + slot * 4 + 1)

function stateAt(version: number) {
  const params = Float32Array.from({ length: values }, (_, i) => Math.cos(i + version))
  const bytes = serializeState({
    params,
    optimizer: createOptimizerState({ type: 'sgd', learningRate: 0.1, momentum: 0 }, values),
  })
  return { params, bytes, hash: sha256(bytes) }
}

/** A doc as the auditor reads it, with versions 0..n committed by alice and bob. */
function fakeDoc() {
  const maps: { [K in MapName]?: Map<string, RecordMaps[K]> } = {}
  const listeners = new Set<() => void>()
  const map = <K extends MapName>(name: K) => (maps[name] ??= new Map()) as Map<string, RecordMaps[K]>
  let latest: VersionRecord | undefined
  const doc = {
    get: <K extends MapName>(name: K, key: string) => map(name).get(key),
    values: <K extends MapName>(name: K) => [...map(name).values()],
    latestVersion: () => latest,
    observe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  /** Commits version n (round n − 1) with these contributions, each member's commitments first. */
  const commit = (n: number, contributions: Map<string, Float32Array>) => {
    for (const [peer, contribution] of contributions)
      map('commitments').set(`${n - 1}:0:${peer}`, {
        round: n - 1,
        attempt: 0,
        peer,
        chunks: contributionCommitments(codec, frameBytes, contribution, members.length),
        at: 1,
      })
    const version: VersionRecord = {
      version: n,
      hash: n === 0 ? stateAt(0).hash : stateAt(n).hash,
      round: n - 1,
      attempt: 0,
      contributors: n === 0 ? [] : [...members],
      batchSize: 4,
      nextOffset: n * 8,
      evidence: [],
      loss: 1,
      signer: alice,
      at: 1,
    }
    map('versions').set(String(n), version)
    latest = version
    for (const listener of listeners) listener()
  }
  return { doc, commit }
}

/** What each member honestly contributes to round n − 1. */
const honest = (n: number) =>
  new Map(members.map((peer, slot) => [peer, gradientOf(stateAt(n - 1).params, shard((n - 1) * 8, slot))]))
const reveal = (contribution: Float32Array) =>
  encodeReveal(frameBytes, contributionChunks(codec, frameBytes, contribution, members.length))

function setup(rules = { auditRate: 1, probationRounds: 0 }) {
  const { doc, commit } = fakeDoc()
  let time = 0
  const verdicts: AuditVerdict[] = []
  const errors: unknown[] = []
  commit(0, new Map())
  const auditor = createAuditor({
    state: doc,
    codec: 'fp32',
    rules,
    parameterCount: values,
    shard,
    recompute: async (params, samples) => gradientOf(params, samples),
    now: () => time,
    answerMs: 30_000,
    onVerdict: (verdict) => verdicts.push(verdict),
    onError: (error) => errors.push(error),
  })
  return { auditor, commit, verdicts, errors, advance: (ms: number) => (time += ms) }
}

describe('createAuditor', () => {
  test('an honest reveal and its base state verify; receipts wait until they did', async () => {
    const { auditor, commit, verdicts } = setup()
    commit(1, honest(1))
    expect(auditor.auditedThrough()).toBe(0)
    expect(auditor.reveal(1, alice, reveal(honest(1).get(alice)!))).toEqual({ needsState: true })
    auditor.state(0, stateAt(0).bytes)
    expect(auditor.reveal(1, bob, reveal(honest(1).get(bob)!))).toEqual({ needsState: false })
    await auditor.settled()
    expect(verdicts.map((v) => [v.peer, v.outcome])).toEqual([
      [alice, 'verified'],
      [bob, 'verified'],
    ])
    expect(verdicts[0]!.error).toBe(0)
    expect(auditor.auditedThrough()).toBe(1)
  })

  test.each([
    ['zeros', (g: Float32Array) => new Float32Array(g.length)],
    ['a sign flip', (g: Float32Array) => g.map((x) => -x)],
    ['another shard', () => gradientOf(stateAt(0).params, shard(0, 5))],
  ])('a member that committed to %s is refuted', async (_, attack) => {
    const { auditor, commit, verdicts } = setup()
    const contributions = honest(1)
    contributions.set(bob, attack(contributions.get(bob)!))
    commit(1, contributions)
    auditor.state(0, stateAt(0).bytes)
    auditor.reveal(1, bob, reveal(contributions.get(bob)!))
    await auditor.settled()
    expect(verdicts).toMatchObject([{ peer: bob, version: 1, outcome: 'refuted' }])
    expect(verdicts[0]!.error).toBeGreaterThan(0.01)
    expect(verdicts[0]!.reason).toMatch(/tolerance/)
  })

  test('bytes that are not the commitments, or a state of another hash, are refused and change nothing', async () => {
    const { auditor, commit, verdicts } = setup()
    commit(1, honest(1))
    expect(() => auditor.reveal(1, alice, reveal(new Float32Array(values)))).toThrow(AuditMismatchError)
    expect(() => auditor.state(0, stateAt(3).bytes)).toThrow(AuditMismatchError)
    expect(() => auditor.reveal(1, alice, new Uint8Array(7))).toThrow(/malformed/)
    expect(verdicts).toEqual([])
    auditor.reveal(1, alice, reveal(honest(1).get(alice)!))
    auditor.state(0, stateAt(0).bytes)
    await auditor.settled()
    expect(verdicts).toMatchObject([{ peer: alice, outcome: 'verified' }])
  })

  test('no reveal or no base state in time is unanswered; an answer in time is not', async () => {
    const { auditor, commit, verdicts, advance } = setup()
    commit(1, honest(1))
    auditor.reveal(1, alice, reveal(honest(1).get(alice)!))
    advance(29_999)
    auditor.expire()
    expect(verdicts).toEqual([])
    advance(1)
    auditor.expire()
    expect(verdicts.map((v) => [v.peer, v.outcome, v.reason])).toEqual([
      [alice, 'unanswered', 'no base state within 30 s'],
      [bob, 'unanswered', 'no reveal within 30 s'],
    ])
    expect(() => auditor.reveal(1, bob, reveal(honest(1).get(bob)!))).toThrow(AuditClosedError)
  })

  describe('uploads that are not the answer are refused, noted, and never refute', () => {
    const refusedOf = (auditor: ReturnType<typeof setup>['auditor'], peer: string) =>
      auditor.open().find((audit) => audit.peer === peer)!.refused

    test('malformed: the reason is noted on the open audit and named when it closes unanswered', () => {
      const { auditor, commit, verdicts, advance } = setup()
      commit(1, honest(1))
      advance(1_000)
      expect(() => auditor.reveal(1, alice, new Uint8Array(7))).toThrow(MalformedRevealError)
      expect(refusedOf(auditor, alice)).toEqual({
        count: 1,
        latest: [{ reason: 'malformed reveal: 7 bytes is shorter than its header', at: 1_000 }],
      })
      expect(verdicts).toEqual([])
      advance(29_000)
      auditor.expire()
      expect(verdicts.find((v) => v.peer === alice)).toMatchObject({
        outcome: 'unanswered',
        reason: 'no valid reveal within 30 s; 1 upload refused: malformed reveal: 7 bytes is shorter than its header',
      })
    })

    test('oversized: the only length that can answer is known from the header; past it the upload is refused', () => {
      const { auditor, commit, verdicts, advance } = setup()
      commit(1, honest(1))
      const bytes = reveal(honest(1).get(alice)!)
      expect(auditor.revealLength(1, alice, bytes.subarray(0, revealHeaderBytes))).toBe(bytes.length)
      expect(bytes.length).toBe(8 + 4 * values)
      auditor.refuseOversized(1, alice, bytes.length)
      expect(refusedOf(auditor, alice).latest.map((r) => r.reason)).toEqual([
        'oversized reveal: more than the 8008 bytes its frame size and commitments allow',
      ])
      // A header that cannot be read is refused there, before any more of the body is read.
      expect(() => auditor.revealLength(1, alice, new TextEncoder().encode('GET /etc'))).toThrow(MalformedRevealError)
      expect(refusedOf(auditor, alice).count).toBe(2)
      advance(30_000)
      auditor.expire()
      expect(verdicts.find((v) => v.peer === alice)!.reason).toBe(
        'no valid reveal within 30 s; 2 uploads refused: ' +
          'oversized reveal: more than the 8008 bytes its frame size and commitments allow; ' +
          'malformed reveal: it does not start with "SRV1"',
      )
    })

    test('mismatching: noted; an honest reveal after it still verifies (a griefer bans nobody)', async () => {
      const { auditor, commit, verdicts } = setup()
      commit(1, honest(1))
      const flipped = reveal(honest(1).get(alice)!)
      flipped[revealHeaderBytes + 3]! ^= 1
      expect(() => auditor.reveal(1, alice, flipped)).toThrow(AuditMismatchError)
      expect(() => auditor.reveal(1, alice, reveal(new Float32Array(values + 1)))).toThrow(AuditMismatchError)
      expect(refusedOf(auditor, alice).latest.map((r) => r.reason)).toEqual([
        'not the committed bytes: chunk 0 does not hash to its commitment',
        'not the committed bytes: 8004 bytes of chunks, the commitments cover 8000',
      ])
      auditor.reveal(1, alice, reveal(honest(1).get(alice)!))
      auditor.state(0, stateAt(0).bytes)
      await auditor.settled()
      expect(verdicts).toMatchObject([{ peer: alice, outcome: 'verified' }])
    })

    test('a flood keeps a count and the latest three reasons', () => {
      const { auditor, commit, verdicts, advance } = setup()
      commit(1, honest(1))
      for (let n = 1; n <= 5; n++) expect(() => auditor.reveal(1, bob, new Uint8Array(n))).toThrow(MalformedRevealError)
      advance(30_000)
      auditor.expire()
      expect(verdicts.find((v) => v.peer === bob)!.reason).toBe(
        'no valid reveal within 30 s; 5 uploads refused, the latest 3: ' +
          'malformed reveal: 3 bytes is shorter than its header; ' +
          'malformed reveal: 4 bytes is shorter than its header; ' +
          'malformed reveal: 5 bytes is shorter than its header',
      )
    })

    test('late: an answer past the deadline closes the audit unanswered first, is told so, changes nothing', () => {
      const { auditor, commit, verdicts, advance } = setup()
      commit(1, honest(1))
      advance(30_000)
      // No expire() ran since the deadline: the upload itself must not slip in.
      const late = () => auditor.reveal(1, bob, reveal(honest(1).get(bob)!))
      expect(late).toThrow(AuditClosedError)
      expect(late).toThrow(
        `The audit of ${bob}'s contribution to v1 closed unanswered at 1970-01-01T00:00:30.000Z: ` +
          'this answer changes nothing.',
      )
      expect(() => auditor.revealLength(1, bob, new Uint8Array(8))).toThrow(AuditClosedError)
      expect(verdicts.map((v) => [v.peer, v.outcome, v.reason])).toEqual([
        [alice, 'unanswered', 'no reveal within 30 s'],
        [bob, 'unanswered', 'no reveal within 30 s'],
      ])
      expect(auditor.open()).toEqual([])
    })
  })

  test('only sampled contributions of fresh versions are audited', () => {
    const { auditor, commit } = setup({ auditRate: 0, probationRounds: 1 })
    commit(1, honest(1))
    expect(auditor.open().map((a) => a.peer)).toEqual([alice, bob])
    // Past probation at rate 0: nothing more.
    commit(2, honest(2))
    expect(auditor.open().map((a) => a.version)).toEqual([1, 1])
    expect(() => auditor.reveal(2, alice, reveal(honest(2).get(alice)!))).toThrow(NotAuditedError)
  })

  test('a validator that sees versions late audits only the fresh ones', () => {
    const { doc, commit } = fakeDoc()
    for (let n = 0; n <= 6; n++) commit(n, n === 0 ? new Map() : honest(n))
    const auditor = createAuditor({
      state: doc,
      codec: 'fp32',
      rules: { auditRate: 1, probationRounds: 0 },
      parameterCount: values,
      shard,
      recompute: async (params, samples) => gradientOf(params, samples),
      now: () => 0,
      answerMs: 1,
      onVerdict: () => {},
      onError: () => {},
    })
    expect(auditor.open()).toEqual([])
    commit(7, honest(7))
    expect(auditor.open().map((a) => a.version)).toEqual([7, 7])
  })
})
