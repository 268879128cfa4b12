// The swarm's coordination rules under seeded churn (core/testing/runSwarmSimulation.ts): up to 8 volunteers
// with real docs (signed records), all-reduce endpoints, state sync, volunteer runtime and Trainer train 50
// versions while peers join, leave and crash, some in the middle of an all-reduce or a state transfer. The
// gradient is a stand-in (createFakeCompute.ts) whose sums are exact, so the chain can be replayed. Checked:
//   - one hash per committed version, shared by every peer that ever held that version;
//   - no peer's held version ever goes backwards;
//   - the swarm reaches its last version and the docs of the live peers converge;
//   - the committed chain replays exactly from its contributors' batches: every contribution counted once,
//     sample offsets contiguous, and each contributor reported the committed hash or resynced to it;
//   - peers that join late sync first, then contribute;
//   - honest peers never ignore a record for its form or signature.

import { describe, expect, test } from 'vitest'
import { fakeGradient } from '../testing/createFakeCompute.ts'
import { runSwarmSimulation, type SwarmSimulationRun } from '../testing/runSwarmSimulation.ts'
import { createTrainer } from '../training/createTrainer.ts'

// STARLING_SIM_SEEDS=a,b,c runs other seeds (hunting for a failing one); the default four run in CI.
const seeds = process.env.STARLING_SIM_SEEDS?.split(',') ?? ['amber', 'birch', 'cedar', 'dune']

async function expectInvariants(run: SwarmSimulationRun, { forged = false } = {}) {
  const { versions, peers, manifest } = run
  const batch = manifest.training.batchSize
  const lastVersion = manifest.training.rounds
  const committed = new Map(versions.map((v) => [v.version, v]))
  expect(versions.map((v) => v.version)).toEqual(Array.from({ length: lastVersion + 1 }, (_, i) => i))
  expect(run.divergent).toEqual([])
  const malformed = Object.keys(run.ignored).filter(
    (reason) =>
      !/ahead of the latest version|unknown member|previous version unknown|attempt superseded|attempt not open yet/.test(
        reason,
      ),
  )
  // A forger's records are refused by the authority rules, and counted as such; honest peers write nothing else.
  const refused =
    /did not contribute to the base version|base version unknown|a member outranks the leader|do not follow|does not follow/
  expect(malformed.filter((reason) => !(forged && refused.test(reason)))).toEqual([])

  for (const peer of peers) {
    for (const [i, hold] of peer.holds.entries()) {
      expect(hold.hash, `${peer.id} held v${hold.version}`).toBe(committed.get(hold.version)?.hash)
      if (i > 0)
        expect(hold.version, `${peer.id} went from v${peer.holds[i - 1]!.version} to v${hold.version}`).toBeGreaterThan(
          peer.holds[i - 1]!.version,
        )
    }
  }

  const trainer = createTrainer(manifest, run.trainSize)
  let training = trainer.initial()
  expect(await trainer.hash(training)).toBe(committed.get(0)!.hash)
  for (let v = 1; v <= lastVersion; v++) {
    const record = committed.get(v)!
    const previous = committed.get(v - 1)!
    expect(record.batchSize).toBe(batch)
    expect(record.nextOffset, `offsets of v${v}`).toBe(previous.nextOffset + record.contributors.length * batch)
    const sum = new Float32Array(training.params.length)
    record.contributors.forEach((_, slot) => {
      const { gradient } = fakeGradient(training.params, trainer.shard(previous.nextOffset, slot))
      for (let i = 0; i < sum.length; i++) sum[i]! += gradient[i]!
    })
    for (let i = 0; i < sum.length; i++) sum[i]! /= record.contributors.length
    training = trainer.apply(training, sum)
    expect(await trainer.hash(training), `replay of v${v}`).toBe(record.hash)
    for (const contributor of record.contributors) {
      const reported = run.reports.some(
        (r) => r.peer === contributor && r.version === v && r.attempt === record.attempt && r.hash === record.hash,
      )
      const resynced = peers.find((p) => p.id === contributor)!.holds.some((h) => h.version === v)
      expect(reported || resynced, `${contributor} in v${v}`).toBe(true)
    }
  }

  for (const peer of peers.filter((p) => p.joinedAtVersion >= 1)) {
    const synced = peer.holds.find((h) => h.version >= peer.joinedAtVersion)
    if (!synced || (peer.leftAt !== undefined && peer.holds.at(-1)!.version < synced.version + 5)) continue
    const contributed = versions.some((v) => v.version > synced.version && v.contributors.includes(peer.id))
    expect(contributed, `${peer.id} joined at v${peer.joinedAtVersion}, synced v${synced.version}`).toBe(true)
  }
}

describe('a swarm under churn', () => {
  const runs = new Map<string, SwarmSimulationRun>()

  test.each(seeds)('seed %s: trains to the last version with every invariant intact', async (seed) => {
    const run = await runSwarmSimulation({ seed })
    runs.set(seed, run)
    await expectInvariants(run)
  })

  test('the churn reached every kind of failure', () => {
    const total = (key: keyof SwarmSimulationRun['counts']) =>
      [...runs.values()].reduce((sum, run) => sum + run.counts[key], 0)
    for (const key of [
      'joins',
      'leaves',
      'crashes',
      'crashesInAllReduce',
      'crashesWhileServing',
      'crashesWhileSyncing',
    ] as const)
      expect(total(key), key).toBeGreaterThan(0)
    expect([...runs.values()].some((run) => run.peers.some((p) => p.joinedAtVersion >= 10))).toBe(true)
  })

  test('a forger with 200 self-made keys writing 20 versions, their rounds and reports, moves nothing', async () => {
    const run = await runSwarmSimulation({ seed: 'forged', forger: { atVersion: 10, keys: 200, count: 20 } })
    expect(run.trace.some((line) => line.includes('forged v'))).toBe(true)
    const forgedReasons = Object.keys(run.ignored).filter((reason) =>
      /did not contribute|base version unknown/.test(reason),
    )
    expect(forgedReasons.length).toBeGreaterThan(0)
    await expectInvariants(run, { forged: true })
  })

  test('a banned peer leaves the ring and stops; the others train on without it', async () => {
    const run = await runSwarmSimulation({ seed: 'banned', ban: { atVersion: 12 } })
    const { peer, fromRound, stoppedAt } = run.banned!
    expect(stoppedAt, 'the banned peer noticed and stopped').toBeDefined()
    expect(run.live).not.toContain(peer)
    // Honest leaders drop it from the next round they open, before the ban binds at fromRound.
    const after = run.versions.filter((v) => v.round >= stoppedAt! + 1)
    expect(after.length).toBeGreaterThan(0)
    expect(after.filter((v) => v.contributors.includes(peer)).map((v) => v.version)).toEqual([])
    expect(run.versions.filter((v) => v.round >= fromRound && v.contributors.includes(peer))).toEqual([])
    await expectInvariants(run)
  })

  test('the same seed gives the same trace', async () => {
    const again = await runSwarmSimulation({ seed: seeds[0]! })
    expect(again.trace).toEqual(runs.get(seeds[0]!)!.trace)
  })
})
