import { expect, test } from '@playwright/test'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import { launchOne, launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { startStack } from '../stack/startStack.ts'
import type { JoinEvent } from '../web/src/swarm/SwarmEvent.ts'
import { paceOf } from './paceOf.ts'

/** Browser start, model and dataset load, WebRTC links: not training speed, so fixed and generous. */
const startup = (what: string) => ({ timeoutMs: 180_000, stallMs: 180_000, what })
/** A page opened mid-run loads its model and dataset and syncs before its first round. */
const lateStartMs = 60_000

// Issue 14, in real browsers: a swarm on the robust aggregator (the default of swarms with rewards), three honest
// volunteers and a fourth that joins late and lies (attack `mismatch`): it signs commitments to its honest gradient,
// then sends it × 100. Every attempt it joins fails on the commitment check, it never contributes again, and the
// honest three train on to one hash. (It joins late so that it never leads: a hostile leader is a known limit, §8.)
test('a volunteer that sends other bytes than it committed to is caught every time; the others train on', async () => {
  const manifest = demoManifest({ name: 'robust e2e', nonce: 'adversary' })
  manifest.allreduce = { codec: 'fp32', aggregator: 'centered-clip' }
  const stack = await startStack({ build: false, manifest })
  const watch = watchSwarm({ count: 3, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const mismatches: Extract<JoinEvent, { type: 'failure' }>[] = []
  const options = {
    url: stack.volunteerUrl(),
    backends: ['wasm', 'wasm', 'wasm'] as const,
    minPeers: 3,
    onEvent: (index: number, event: JoinEvent) => {
      if (event.type === 'failure' && /commitment/.test(event.cause)) mismatches.push(event)
      watch.onEvent(index, event)
    },
  }
  const volunteers = await launchVolunteers(options)
  const nodes = [...volunteers.nodes]
  try {
    await watch.until(() => watch.minVersion >= 2, startup('version 2 on three volunteers'))
    const pace = await paceOf(watch)

    const liar = await launchOne(volunteers.browser, 3, 'wasm', options)
    nodes.push(liar)
    const attackedAt = await liar.setAttack({ kind: 'mismatch', scale: 100 })
    console.log(`node 3 lies from version ${attackedAt.version} (${attackedAt.contributed} samples before)`)
    // It is caught: an attempt it joined fails on the commitment check, naming it.
    await watch.until(() => mismatches.length > 0, pace.wait(5, 'a commitment mismatch', lateStartMs))
    const liarAddress = mismatches[0]!.culprit!
    expect(mismatches.every((f) => f.culprit === liarAddress)).toBe(true)

    const target = watch.maxVersion + 6
    await Promise.all(nodes.map((node) => node.setStopAt(target)))
    await watch.until(() => watch.minVersion >= target, pace.wait(20, `version ${target} on the honest three`))
    const honest = await Promise.all(nodes.slice(0, 3).map((node) => node.snapshot()))
    const ended = honest[0]!.version
    expect(honest.map((s) => s.version)).toEqual([ended, ended, ended])
    expect(new Set(honest.map((s) => s.hash)).size).toBe(1)
    // Nothing it sent after it began to lie counted: at most the contribution already in flight when it began.
    const after = await liar.snapshot()
    expect(after.contributed - attackedAt.contributed).toBeLessThanOrEqual(manifest.training.batchSize)
    const laterContributions = (watch.history.get(3) ?? []).filter(
      (v) => v.contributed && v.version > attackedAt.version + 1,
    )
    expect(laterContributions).toEqual([])
    console.log(JSON.stringify({ ended, mismatches: mismatches.length, liarSamples: after.contributed }))
  } finally {
    await volunteers.close()
    await stack.stop()
  }
})
