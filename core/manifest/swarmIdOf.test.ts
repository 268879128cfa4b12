import { keccak256, stringToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { canonicalJson, NonCanonicalValueError } from './canonicalJson.ts'
import { demoManifest } from './demoManifest.ts'
import type { RewardSpec } from './Manifest.ts'
import { manifestIssues } from './manifestIssues.ts'
import { InvalidManifestError, parseManifest } from './parseManifest.ts'
import { swarmIdOf } from './swarmIdOf.ts'

describe('canonicalJson', () => {
  test('sorts keys at every depth and drops white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    )
  })
  test('does not depend on key insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }))
  })
  test.each([[Number.NaN], [Number.POSITIVE_INFINITY], [10n], [() => 1], [new Date(0)]])('rejects %s', (value) => {
    expect(() => canonicalJson({ a: [value] })).toThrow(NonCanonicalValueError)
  })
})

describe('swarmIdOf', () => {
  test('is keccak256 of the canonical JSON', () => {
    const manifest = demoManifest()
    expect(swarmIdOf(manifest)).toBe(keccak256(stringToBytes(canonicalJson(manifest))))
    expect(swarmIdOf(manifest)).toMatch(/^0x[0-9a-f]{64}$/)
  })
  test('changes with any field and not with key order', () => {
    const manifest = demoManifest()
    const reordered = JSON.parse(JSON.stringify(manifest, Object.keys(manifest).reverse()))
    expect(
      swarmIdOf({
        ...reordered,
        training: manifest.training,
        model: manifest.model,
        dataset: manifest.dataset,
        allreduce: manifest.allreduce,
      }),
    ).toBe(swarmIdOf(manifest))
    expect(swarmIdOf({ ...manifest, nonce: 'other' })).not.toBe(swarmIdOf(manifest))
    expect(swarmIdOf({ ...manifest, training: { ...manifest.training, batchSize: 65 } })).not.toBe(swarmIdOf(manifest))
  })
})

describe('manifest validation', () => {
  test('accepts the demo manifest', () => {
    expect(manifestIssues(demoManifest())).toEqual([])
    expect(parseManifest(demoManifest())).toEqual(demoManifest())
  })
  test('names every bad field by path', () => {
    const bad = {
      ...demoManifest(),
      extra: 1,
      model: { preset: 'mnist-mlp', hidden: [0] },
      training: {
        ...demoManifest().training,
        batchSize: 0,
        optimizer: { type: 'adam', learningRate: -1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      },
      allreduce: { codec: 'bf16' },
    }
    expect(manifestIssues(bad).map((issue) => issue.path)).toEqual([
      'extra',
      'model.hidden',
      'training.batchSize',
      'training.optimizer.learningRate',
      'allreduce.codec',
    ])
    expect(() => parseManifest(bad)).toThrow(InvalidManifestError)
  })
  test('checks reward terms', () => {
    const validator = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const rewards = {
      chainId: 31337,
      contract: validator,
      proposer: validator,
      token: validator,
      rewardPerUnit: '1000',
      validators: [validator],
      threshold: 1,
      claimWindow: 86_400,
    }
    expect(manifestIssues({ ...demoManifest(), rewards })).toEqual([])
    const issues = manifestIssues({
      ...demoManifest(),
      rewards: { ...rewards, rewardPerUnit: '01', validators: [validator, validator], threshold: 3 },
    })
    expect(issues.map((issue) => issue.path)).toEqual([
      'rewards.rewardPerUnit',
      'rewards.validators',
      'rewards.threshold',
    ])
  })
  test('binds the proposer and the claim window: both required, the proposer a real address', () => {
    const validator = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const rewards = {
      chainId: 31337,
      contract: validator,
      token: validator,
      rewardPerUnit: '1000',
      validators: [validator],
      threshold: 1,
    }
    expect(manifestIssues({ ...demoManifest(), rewards })).toEqual([
      { path: 'rewards.proposer', message: 'is required' },
      { path: 'rewards.claimWindow', message: 'is required' },
    ])
    const bad = { ...rewards, proposer: `0x${'0'.repeat(40)}`, claimWindow: 2 ** 32 }
    expect(manifestIssues({ ...demoManifest(), rewards: bad })).toEqual([
      { path: 'rewards.proposer', message: 'must be the address that creates the swarm, not the zero address' },
      { path: 'rewards.claimWindow', message: 'must be a whole number from 0 to 4294967295' },
    ])
    expect(manifestIssues({ ...demoManifest(), rewards: { ...bad, proposer: 'me', claimWindow: 1.5 } })).toEqual([
      { path: 'rewards.proposer', message: 'must be an address (0x and 40 hex digits)' },
      { path: 'rewards.claimWindow', message: 'must be a whole number from 0 to 4294967295' },
    ])
    expect(() => parseManifest({ ...demoManifest(), rewards })).toThrow(InvalidManifestError)
  })
  test('audit window and probation: optional, bounded, and part of the swarm id', () => {
    const validator = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const rewards: RewardSpec = {
      chainId: 31337,
      contract: validator,
      proposer: validator,
      token: validator,
      rewardPerUnit: '1000',
      validators: [validator],
      threshold: 1,
      claimWindow: 86_400,
    }
    const explicit = { ...rewards, auditWindow: 4, probationRounds: 3 }
    expect(manifestIssues({ ...demoManifest(), rewards: explicit })).toEqual([])
    expect(swarmIdOf({ ...demoManifest(), rewards: explicit })).not.toBe(swarmIdOf({ ...demoManifest(), rewards }))
    expect(manifestIssues({ ...demoManifest(), rewards: { ...rewards, auditWindow: 9, probationRounds: -1 } })).toEqual(
      [
        { path: 'rewards.auditWindow', message: 'must be a whole number from 0 to 8' },
        { path: 'rewards.probationRounds', message: 'must be a whole number from 0 to 1000' },
      ],
    )
  })
  test('rejects a model that does not fit its dataset', () => {
    expect(manifestIssues({ ...demoManifest(), dataset: { preset: 'corpus-brown' } })).toEqual([
      { path: 'dataset.preset', message: 'corpus-brown does not fit model mnist-mlp' },
    ])
  })
})
