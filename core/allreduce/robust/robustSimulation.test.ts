// The volunteer over the robust aggregator: the seeded swarm simulation (joins, leaves, crashes inside the
// exchange, resyncs) with `centered-clip` instead of the ring, checked for what the aggregator must keep: every
// version committed, no replica diverging, crashes mid-exchange survived by retries. Members sign commitments into
// the doc before each exchange, as volunteers of a swarm with rewards do.

import { expect, test } from 'vitest'
import { runSwarmSimulation } from '../../testing/runSwarmSimulation.ts'

test.each(['amber', 'cedar'])(
  'seed %s: a churning swarm trains to its last version on centered-clip',
  async (seed) => {
    const run = await runSwarmSimulation({ seed, aggregator: 'centered-clip', lastVersion: 30 })
    expect(run.manifest.allreduce.aggregator).toBe('centered-clip')
    expect(run.versions.at(-1)?.version).toBe(30)
    expect(run.divergent).toEqual([])
    expect(run.counts.crashesInAllReduce).toBeGreaterThan(0)
    const finals = run.peers
      .filter((peer) => run.live.includes(peer.id))
      .map((peer) => peer.holds.at(-1)!)
      .filter((held) => held.version === 30)
    expect(finals.length).toBeGreaterThan(0)
    expect(new Set(finals.map((held) => held.hash)).size).toBe(1)
    expect(finals[0]!.hash).toBe(run.versions.at(-1)!.hash)
  },
  120_000,
)
