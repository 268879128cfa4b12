import { expect, test } from '@playwright/test'
import { launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { startStack } from '../stack/startStack.ts'

// Issue 4: a reloaded tab resumes from the state it kept in IndexedDB, after checking it against the hash the
// swarm publishes. A lone volunteer makes the point sharply: with nobody to sync from, without the kept state
// and doc it would start again from version 0.
test('a reloaded tab resumes from its kept state and trains on', async () => {
  const stack = await startStack({ build: false })
  const saved: number[] = []
  let reloaded = false
  const afterReload: { version: number; hash: string; contributed: boolean }[] = []
  const watch = watchSwarm({ count: 1, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const volunteers = await launchVolunteers({
    url: stack.volunteerUrl(),
    backends: ['wasm'],
    stopAt: 6,
    onEvent: (index, event) => {
      if (event.type === 'saved') saved.push(event.version)
      if (event.type === 'version' && reloaded)
        afterReload.push({ version: event.version, hash: event.hash, contributed: event.contributed })
      watch.onEvent(index, event)
    },
  })
  try {
    const [node] = volunteers.nodes
    await watch.until(() => saved.includes(6), { timeoutMs: 120_000, stallMs: 60_000, what: 'version 6 kept' })
    const before = await node!.snapshot()
    expect(before.version).toBe(6)

    reloaded = true
    await node!.page.reload()
    await node!.page.getByRole('button', { name: 'Start training' }).click()
    await node!.setStopAt(undefined)
    await watch.until(() => afterReload.some((v) => v.contributed), {
      timeoutMs: 60_000,
      stallMs: 30_000,
      what: 'training after the reload',
    })
    // The first version after the reload is the kept one, bit for bit (not 0, and not synced: nobody else is
    // here), and training goes on from it.
    expect(afterReload[0]).toEqual({ version: 6, hash: before.hash, contributed: false })
    expect(afterReload[1]).toMatchObject({ version: 7, contributed: true })
  } finally {
    await volunteers.close()
    await stack.stop()
  }
})
