// One hostile member in the seeded, churning swarm simulation (core/adversary/createAdversaryReducer.ts), on the robust
// aggregator with signed commitments, as a swarm with rewards runs: a member that sends other bytes than it
// committed to is caught in every attempt it joins and never contributes to a version, while the others train on;
// one that commits to the wrong gradient it sends passes every check and contributes (only an audit could tell).

import { describe, expect, test } from 'vitest'
import type { Attack } from '../../adversary/createAdversaryReducer.ts'
import { runSwarmSimulation } from '../../testing/runSwarmSimulation.ts'

const lastVersion = 20

describe('a hostile member on centered-clip with commitments', () => {
  test.each(['amber', 'cedar'])(
    'seed %s: one that sends other bytes than it committed to never contributes; training goes on',
    async (seed) => {
      const run = await runSwarmSimulation({
        seed,
        lastVersion,
        aggregator: 'centered-clip',
        adversary: { kind: 'mismatch', scale: 100 },
      })
      expect(run.versions.at(-1)?.version).toBe(lastVersion)
      expect(run.divergent).toEqual([])
      expect(run.versions.filter((v) => v.contributors.includes(run.adversary!))).toEqual([])
      expect(run.errors['CommitmentMismatchError'] ?? 0).toBeGreaterThan(0)
      expect(Object.keys(run.ignored).filter((reason) => reason.startsWith('commitments:'))).toEqual([])
    },
    120_000,
  )

  test.each<Attack>([
    { kind: 'zeros' },
    { kind: 'scale', scale: 100 },
    { kind: 'noise', scale: 1, seed: 3 },
    { kind: 'signflip' },
  ])(
    'seed amber: $kind commits to what it sends, so no check fails and it contributes',
    async (adversary) => {
      const run = await runSwarmSimulation({ seed: 'amber', lastVersion, aggregator: 'centered-clip', adversary })
      expect(run.versions.at(-1)?.version).toBe(lastVersion)
      expect(run.divergent).toEqual([])
      expect(run.versions.filter((v) => v.contributors.includes(run.adversary!)).length).toBeGreaterThan(0)
      expect(run.errors['CommitmentMismatchError'] ?? 0).toBe(0)
    },
    120_000,
  )
})
