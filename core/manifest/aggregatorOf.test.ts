import { describe, expect, test } from 'vitest'
import { aggregatorOf } from './aggregatorOf.ts'
import { demoManifest } from './demoManifest.ts'
import type { Manifest } from './Manifest.ts'
import { manifestIssues } from './manifestIssues.ts'
import { swarmIdOf } from './swarmIdOf.ts'

const rewards: NonNullable<Manifest['rewards']> = {
  chainId: 31337,
  contract: `0x${'11'.repeat(20)}`,
  proposer: `0x${'22'.repeat(20)}`,
  token: `0x${'33'.repeat(20)}`,
  rewardPerUnit: '1',
  validators: [`0x${'44'.repeat(20)}`],
  threshold: 1,
  claimWindow: 3600,
}

describe('aggregatorOf', () => {
  test('defaults to the robust aggregator for a swarm that pays and to the exact sum otherwise', () => {
    expect(aggregatorOf(demoManifest())).toBe('sum')
    expect(aggregatorOf(demoManifest({ rewards }))).toBe('centered-clip')
  })

  test('takes the manifest’s choice either way', () => {
    const sum = demoManifest({ rewards })
    sum.allreduce = { codec: 'fp32', aggregator: 'sum' }
    expect(aggregatorOf(sum)).toBe('sum')
    const robust = demoManifest()
    robust.allreduce = { codec: 'int8', aggregator: 'centered-clip' }
    expect(aggregatorOf(robust)).toBe('centered-clip')
  })
})

describe('allreduce.aggregator in the manifest', () => {
  test('is optional and validated', () => {
    const manifest = demoManifest()
    expect(manifestIssues({ ...manifest, allreduce: { codec: 'fp32', aggregator: 'centered-clip' } })).toEqual([])
    expect(manifestIssues({ ...manifest, allreduce: { codec: 'fp32', aggregator: 'median' } })).toEqual([
      { path: 'allreduce.aggregator', message: 'must be one of sum, centered-clip' },
    ])
  })

  test('changes the swarm id when written, and leaves ids of manifests without it as they were', () => {
    const manifest = demoManifest()
    // The demo swarm's id from before the field existed: `npm start`'s room and chain record keep their names.
    expect(swarmIdOf(manifest)).toBe('0xc2ce04ed376a55961b73f5327858db4f48ce54b56f28d00ac1bcd1a0f0263e97')
    const explicit = { ...manifest, allreduce: { codec: 'fp32', aggregator: 'sum' } } as const
    expect(swarmIdOf(explicit)).not.toBe(swarmIdOf(manifest))
  })
})
