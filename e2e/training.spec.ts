import { expect, test } from '@playwright/test'
import { launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { startStack } from '../stack/startStack.ts'
import { paceOf } from './paceOf.ts'

// Issue 2's acceptance test: three volunteers in separate browser contexts (one on WebGPU, two on wasm)
// train mnist-mlp together over real WebRTC, reach ≥ 90 % held-out accuracy and end on one hash.
test('three browser volunteers train mnist-mlp to 90 % over a WebRTC ring', async ({}, testInfo) => {
  const stack = await startStack({ build: false })
  const watch = watchSwarm({ count: 3, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const backends = new Map<number, string>()
  const volunteers = await launchVolunteers({
    url: stack.volunteerUrl(),
    backends: ['webgpu', 'wasm', 'wasm'],
    minPeers: 3,
    onEvent: (index, event) => {
      if (event.type === 'backend') backends.set(index, event.backend)
      watch.onEvent(index, event)
    },
  })
  try {
    const started = Date.now()
    // Browser start, model and dataset load, WebRTC links: not training speed, so a fixed, generous ceiling.
    await watch.until(() => watch.minVersion >= 1, { timeoutMs: 180_000, stallMs: 180_000, what: 'version 1' })
    const pace = await paceOf(watch)
    // Reaching 90 % is a wait, not a bet: the recipe keeps improving past it. The seeded simulation
    // (worker/model/convergence.test.ts) holds the threshold to a number of rounds (about 40); allow 200 versions.
    await watch.until(() => watch.evaluations.some((e) => e.accuracy >= 0.9), pace.wait(200, '90 % held-out accuracy'))
    const reached = watch.evaluations.find((e) => e.accuracy >= 0.9)!
    const target = watch.maxVersion + 1
    await Promise.all(volunteers.nodes.map((node) => node.setStopAt(target)))
    await watch.until(() => watch.minVersion >= target, pace.wait(2, `version ${target} on every node`))

    expect([...backends.entries()].sort()).toEqual([
      [0, 'webgpu'],
      [1, 'wasm'],
      [2, 'wasm'],
    ])
    const snapshots = await Promise.all(volunteers.nodes.map((node) => node.snapshot()))
    expect(snapshots.map((s) => s.version)).toEqual([target, target, target])
    expect(snapshots[0]!.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(new Set(snapshots.map((s) => s.hash)).size).toBe(1)
    // The swarm learned: better than at its first evaluation (by about 5 points in the simulation). Not ≥ 90 %
    // again: a few versions after the first crossing, accuracy may be just under it on a healthy run.
    const final = await volunteers.nodes[1]!.evaluate()
    expect(final.accuracy).toBeGreaterThan(watch.evaluations[0]!.accuracy)

    for (const node of volunteers.nodes) {
      await expect(node.page.getByTestId('version')).toHaveText(String(target))
      await node.page.screenshot({ path: testInfo.outputPath(`volunteer-${node.index}.png`), fullPage: true })
    }
    const timings = watch.meanTimings()
    console.log(
      JSON.stringify({
        reachedAccuracy: reached.accuracy,
        atVersion: reached.version,
        finalAccuracy: final.accuracy,
        versions: target,
        seconds: (Date.now() - started) / 1000,
        msPerRound: timings,
        problems: watch.problems.length,
      }),
    )
  } finally {
    await volunteers.close()
    await stack.stop()
  }
})
