import type { Aggregator, Manifest } from './Manifest.ts'

/**
 * The swarm's aggregator: the manifest's, else robust for a swarm that pays (anyone may join it for the money, so
 * nobody's gradient is trusted) and the exact sum for one that does not. A default rather than a required field:
 * manifests written before the field existed keep their swarm ids.
 */
export function aggregatorOf(manifest: Pick<Manifest, 'allreduce' | 'rewards'>): Aggregator {
  return manifest.allreduce.aggregator ?? (manifest.rewards ? 'centered-clip' : 'sum')
}
