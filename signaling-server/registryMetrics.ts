// The manifest registry's part of /metrics: uploads by outcome, what it holds, how close the largest uploader
// is to its quota, and evictions by reason. The limits themselves are in starling_signaling_limit (metrics.ts),
// so each usage gauge can be read against its bound.

import type { RegistryStats } from './manifestRegistry.ts'
import { type Family, labelled, single } from './prometheusText.ts'

export const registryOutcomes = [
  'created',
  'exists',
  'bad-id',
  'invalid-json',
  'invalid-manifest',
  'id-mismatch',
  'too-large',
  'too-many-manifests-per-uploader',
  'too-many-bytes-per-uploader',
  'registry-full',
  'write-failed',
] as const
export type RegistryOutcome = (typeof registryOutcomes)[number]

export function registryFamilies(puts: Readonly<Record<RegistryOutcome, number>>, stats: RegistryStats): Family[] {
  const p = 'starling_signaling_'
  return [
    {
      name: `${p}manifest_puts_total`,
      type: 'counter',
      help: 'PUT /swarms/<id> requests, by outcome.',
      samples: labelled('outcome', puts),
    },
    { name: `${p}manifests`, type: 'gauge', help: 'Manifests held by the registry.', samples: single(stats.manifests) },
    {
      name: `${p}manifest_bytes`,
      type: 'gauge',
      help: 'Bytes of manifests held by the registry (limit: max-registry-bytes).',
      samples: single(stats.bytes),
    },
    {
      name: `${p}manifests_pinned`,
      type: 'gauge',
      help: 'Pinned manifests held (never expired or evicted).',
      samples: single(stats.pinned),
    },
    {
      name: `${p}manifest_uploaders`,
      type: 'gauge',
      help: 'Uploaders (addresses; IPv6 by /64) holding at least one manifest.',
      samples: single(stats.uploaders),
    },
    {
      name: `${p}manifest_uploader_max_manifests`,
      type: 'gauge',
      help: 'Most manifests one uploader holds (limit: max-manifests-per-uploader).',
      samples: single(stats.largestUploader.manifests),
    },
    {
      name: `${p}manifest_uploader_max_bytes`,
      type: 'gauge',
      help: 'Most bytes of manifests one uploader holds (limit: max-registry-bytes-per-uploader).',
      samples: single(stats.largestUploader.bytes),
    },
    {
      name: `${p}manifest_evictions_total`,
      type: 'counter',
      help: 'Manifests evicted: idle for manifest-idle-ttl-ms, or least recently used when the registry was full.',
      samples: labelled('reason', stats.evictions),
    },
  ]
}
