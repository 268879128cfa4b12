// Issue 10's convergence check: local-steps (DiLoCo) must reach the held-out target of every-step training within a
// stated factor of its samples while sending far fewer bytes per sample. Seeded and deterministic: same figures on
// every run. The figures printed here are the ones quoted in core/manifest/syncOf.ts.

import { describe, expect, test } from 'vitest'
import { suggestedLocalSteps } from '../manifest/syncOf.ts'
import { simulateSyncMode } from '../testing/simulateSyncMode.ts'
import { simulationManifest } from '../testing/simulationManifest.ts'

const run = {
  manifest: simulationManifest(10_000),
  members: 3,
  evalSamples: 2000,
  evalEvery: 10,
  maxSteps: 3000,
} as const
/** Local-steps may need up to this many times every-step's samples: it can only stop at an outer step. */
const sampleFactor = 1.5

describe('local-steps training (DiLoCo) against every-step', () => {
  // 80 % is most of the way to the task's ~85 % plateau; 84 % is near it, where local steps drift most.
  test.each([0.8, 0.84])(
    `reaches %d within ${sampleFactor}× the samples, sending ≥ 0.9·H× fewer bytes per sample`,
    (target) => {
      const everyStep = simulateSyncMode({ ...run, target, sync: { mode: 'every-step' } })
      const localSteps = simulateSyncMode({ ...run, target, sync: suggestedLocalSteps })
      const bytesPerSample = (result: typeof everyStep) => result.bytesSentPerMember / result.samplesTrained
      const figures = {
        members: run.members,
        target,
        sync: suggestedLocalSteps,
        samplesToTarget: { everyStep: everyStep.samplesToTarget, localSteps: localSteps.samplesToTarget },
        bytesPerSample: { everyStep: bytesPerSample(everyStep), localSteps: bytesPerSample(localSteps) },
        bytesPerSampleRatio: bytesPerSample(everyStep) / bytesPerSample(localSteps),
      }
      console.log(JSON.stringify(figures))

      expect(everyStep.samplesToTarget).toBeDefined()
      expect(localSteps.samplesToTarget).toBeDefined()
      expect(localSteps.samplesToTarget!).toBeLessThanOrEqual(sampleFactor * everyStep.samplesToTarget!)
      expect(figures.bytesPerSampleRatio).toBeGreaterThanOrEqual(0.9 * suggestedLocalSteps.innerSteps)
    },
  )
})
