import { describe, expect, test } from 'vitest'
import { demoManifest } from './demoManifest.ts'
import type { Manifest, SyncSpec } from './Manifest.ts'
import { manifestIssues } from './manifestIssues.ts'
import { parseManifest } from './parseManifest.ts'
import { suggestedLocalSteps, syncOf } from './syncOf.ts'
import { swarmIdOf } from './swarmIdOf.ts'

const withSync = (sync: unknown): Manifest =>
  ({ ...demoManifest(), training: { ...demoManifest().training, sync } }) as Manifest

describe('syncOf', () => {
  test('defaults to every-step and takes the manifest’s choice', () => {
    expect(syncOf(demoManifest())).toEqual({ mode: 'every-step' })
    expect(syncOf(withSync(suggestedLocalSteps))).toEqual(suggestedLocalSteps)
  })
})

describe('training.sync in the manifest', () => {
  test('is optional, and accepts either mode', () => {
    expect(manifestIssues(demoManifest())).toEqual([])
    expect(manifestIssues(withSync({ mode: 'every-step' }))).toEqual([])
    expect(manifestIssues(withSync(suggestedLocalSteps))).toEqual([])
    const bounds: SyncSpec = { mode: 'local-steps', innerSteps: 10_000, outerLearningRate: 10, outerMomentum: 0 }
    expect(parseManifest(withSync(bounds))).toEqual(withSync(bounds))
  })

  test('names an unknown mode, a missing field and an unknown one', () => {
    expect(manifestIssues(withSync({ mode: 'sometimes' }))).toEqual([
      { path: 'training.sync', message: 'mode must be one of every-step, local-steps' },
    ])
    expect(manifestIssues(withSync({ mode: 'local-steps', innerSteps: 50, outerLearningRate: 0.7 }))).toEqual([
      { path: 'training.sync.outerMomentum', message: 'is required' },
    ])
    expect(manifestIssues(withSync({ mode: 'every-step', innerSteps: 50 }))).toEqual([
      { path: 'training.sync.innerSteps', message: 'is not a known field' },
    ])
    expect(manifestIssues(withSync('local-steps'))).toEqual([{ path: 'training.sync', message: 'must be an object' }])
  })

  test.each([
    ['innerSteps', 0, 'must be a whole number from 1 to 10000'],
    ['innerSteps', 10_001, 'must be a whole number from 1 to 10000'],
    ['innerSteps', 2.5, 'must be a whole number from 1 to 10000'],
    ['outerLearningRate', 0, 'must be a number > 0 and ≤ 10'],
    ['outerLearningRate', 10.5, 'must be a number > 0 and ≤ 10'],
    ['outerLearningRate', Number.NaN, 'must be a number > 0 and ≤ 10'],
    ['outerMomentum', 1, 'must be a number ≥ 0 and < 1'],
    ['outerMomentum', -0.1, 'must be a number ≥ 0 and < 1'],
  ])('refuses %s = %d', (field, value, message) => {
    expect(manifestIssues(withSync({ ...suggestedLocalSteps, [field]: value }))).toEqual([
      { path: `training.sync.${field}`, message },
    ])
  })

  test('changes the swarm id when written, and leaves ids of manifests without it as they were', () => {
    // The demo swarm's id from before the field existed (aggregatorOf.test.ts pins the same one).
    expect(swarmIdOf(demoManifest())).toBe('0xc2ce04ed376a55961b73f5327858db4f48ce54b56f28d00ac1bcd1a0f0263e97')
    expect(swarmIdOf(withSync({ mode: 'every-step' }))).not.toBe(swarmIdOf(demoManifest()))
    expect(swarmIdOf(withSync(suggestedLocalSteps))).not.toBe(swarmIdOf(withSync({ mode: 'every-step' })))
  })
})
