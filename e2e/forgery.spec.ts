import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { startChild, tsxArgs } from '../stack/startChild.ts'
import { startStack } from '../stack/startStack.ts'
import { paceOf } from './paceOf.ts'

// Issue 15's reproduction, in real browsers: while three volunteers train, a hostile Node replica of the doc
// with 200 self-made keys writes 20 versions on top of the latest, each with a round and signed reports of its own
// keys. Before the authority rules the swarm stalled in "syncing" for a hash nobody held; now every forged record
// is refused, the volunteers train on to the same hash, and the dashboard lists what it refused.
test('forged versions, rounds and reports from 200 self-made keys are refused; training goes on', async () => {
  const stack = await startStack({ build: false })
  const held = new Set<string>()
  const watch = watchSwarm({ count: 3, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const volunteers = await launchVolunteers({
    url: stack.volunteerUrl(),
    backends: ['wasm', 'wasm', 'wasm'],
    minPeers: 3,
    onEvent: (index, event) => {
      if (event.type === 'version') held.add(event.hash)
      watch.onEvent(index, event)
    },
  })
  // The dashboard watches from the start, so it sees the forged records while they are current.
  const dashboard = await (await volunteers.browser.newContext()).newPage()
  await dashboard.goto(`${stack.webUrl}/#/swarm/${stack.swarmId}/dashboard`)
  const forger = await startChild({
    label: 'forger',
    ...tsxArgs(fileURLToPath(new URL('forger/runForger.ts', import.meta.url)), [
      '--swarm',
      stack.swarmId,
      '--signaling',
      stack.signalingUrl,
      '--at',
      '2',
    ]),
    ready: /^(\{"base".*)$/,
    timeoutMs: 240_000,
    onLine: () => {},
  }).catch(async (error: unknown) => {
    await volunteers.close()
    await stack.stop()
    throw error
  })
  try {
    await watch.until(() => watch.minVersion >= 2, { timeoutMs: 180_000, stallMs: 180_000, what: 'version 2' })
    const pace = await paceOf(watch)
    const { base, forged } = JSON.parse(forger.match[1]!) as { base: number; forged: string[] }

    const target = Math.max(watch.maxVersion, base + forged.length) + 3
    await Promise.all(volunteers.nodes.map((node) => node.setStopAt(target)))
    await watch.until(() => watch.minVersion >= target, pace.wait(target - base + 2, `version ${target}`))
    const snapshots = await Promise.all(volunteers.nodes.map((node) => node.snapshot()))
    expect(snapshots.map((s) => s.version)).toEqual([target, target, target])
    expect(new Set(snapshots.map((s) => s.hash)).size).toBe(1)
    // No volunteer ever held a forged hash.
    const forgedHashes = new Set(forged)
    expect([...held].filter((hash) => forgedHashes.has(hash))).toEqual([])

    // The dashboard lists refused records. Which forged ones it saw depends on timing: a forged version that the
    // honest replicas had already put back never exists in the doc this page synced, but the forged keys' reports
    // (for attempts no valid round opened) always arrive.
    await expect(dashboard.getByTestId('refused-records')).toContainText(
      /versions: (leader did not contribute|rewrites an accepted version|base version unknown)|reports: attempt/,
      { timeout: 30_000 },
    )
  } finally {
    await forger.stop()
    await volunteers.close()
    await stack.stop()
  }
})
