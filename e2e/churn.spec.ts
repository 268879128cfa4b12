import { expect, test } from '@playwright/test'
import { launchOne, launchVolunteers } from '../nodes/launchVolunteers.ts'
import { type SwarmWatch, watchSwarm } from '../nodes/watchSwarm.ts'
import { startStack } from '../stack/startStack.ts'
import type { JoinEvent } from '../web/src/swarm/SwarmEvent.ts'
import { paceOf, type WaitOptions } from './paceOf.ts'

/** Browser start, model and dataset load, WebRTC links: not training speed, so fixed and generous. */
const startup = (what: string) => ({ timeoutMs: 180_000, stallMs: 180_000, what })
/** A page opened mid-run loads its model and dataset and syncs before its first round. */
const lateStartMs = 60_000
/** Versions allowed to reach 90 %: 3 simulated members need about 40 (worker/model/convergence.test.ts). */
const versionsTo90 = 200

/** `promise`, awaited under the watch's rules (fails when the swarm stalls, a node dies or time runs out). */
async function settledWithin<T>(watch: SwarmWatch, promise: Promise<T>, options: WaitOptions): Promise<T> {
  let outcome: { value: T } | { error: unknown } | undefined
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  )
  await watch.until(() => outcome !== undefined, options)
  if ('error' in outcome!) throw outcome.error
  return outcome!.value
}

// Issue 4: volunteers leave mid-round and join late; the swarm keeps training and never disagrees.
const title = 'a volunteer closed mid-all-reduce is dropped, a late joiner syncs, all end on one hash at 90 %'
test(title, async ({}, testInfo) => {
  const stack = await startStack({ build: false })
  const watch = watchSwarm({ count: 4, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const failures: Extract<JoinEvent, { type: 'failure' }>[] = []
  /** Members of each version as every node that adopted it reported it. */
  const members = new Map<number, Set<number>>()
  const options = {
    url: stack.volunteerUrl(),
    backends: ['wasm', 'wasm', 'wasm', 'wasm'] as const,
    minPeers: 4,
    onEvent: (index: number, event: JoinEvent) => {
      if (event.type === 'failure') failures.push(event)
      if (event.type === 'version')
        members.set(event.version, (members.get(event.version) ?? new Set()).add(event.members))
      watch.onEvent(index, event)
    },
  }
  const volunteers = await launchVolunteers(options)
  const nodes = [...volunteers.nodes]
  try {
    await watch.until(() => watch.minVersion >= 1, startup('version 1 on four volunteers'))
    const pace = await paceOf(watch)

    // Freeze node 3 in the middle of its next all-reduce (its first frame has left, it holds back the rest: no
    // member can complete that attempt), then close its page there.
    const frozen = await settledWithin(
      watch,
      nodes[3]!.page.evaluate(() => window.starling!.freezeAllReduce()),
      pace.wait(3, 'node 3 frozen mid all-reduce'),
    )
    const closedAt = watch.maxVersion
    watch.retire(3)
    await nodes[3]!.page.close({ runBeforeUnload: false })
    console.log(`node 3 closed in round ${frozen.round}, attempt ${frozen.attempt}`)

    // That attempt failed, naming the closed member, and the survivors went on without it.
    await watch.until(
      () => failures.some((f) => f.round === frozen.round && f.attempt === frozen.attempt),
      pace.wait(2, `round ${frozen.round}, attempt ${frozen.attempt} failing`),
    )
    const failed = failures.filter((f) => f.round === frozen.round && f.attempt === frozen.attempt)
    expect(failed.map((f) => f.culprit)).toEqual(failed.map(() => frozen.self))
    await watch.until(() => watch.minVersion >= closedAt + 5, pace.wait(5, 'five versions after the close'))
    const survivors = await Promise.all(nodes.slice(0, 3).map((node) => node.snapshot()))
    expect(survivors.map((s) => s.members)).toEqual([3, 3, 3])
    // Round r commits version r + 1: no version of the frozen round or later includes the closed member.
    for (let version = frozen.round + 1; version <= watch.minVersion; version++)
      expect(members.get(version), `members of version ${version}`).not.toContain(4)

    // A new volunteer joins later, syncs the current state from a member, then trains.
    const late = await launchOne(volunteers.browser, 4, 'wasm', options)
    nodes.push(late)
    await watch.until(
      () => (watch.history.get(4) ?? []).some((v) => v.contributed),
      pace.wait(3, 'the late joiner contributing', lateStartMs),
    )
    const lateHistory = watch.history.get(4)!
    expect(lateHistory[0]!.contributed).toBe(false) // its first version came by state sync
    expect(lateHistory[0]!.version).toBeGreaterThan(closedAt)

    // Reaching 90 % is a wait, not a bet: the recipe keeps improving past it (worker/model/convergence.test.ts
    // reaches it in the seeded simulation). What a healthy run guarantees afterwards is checked below.
    await watch.until(
      () => watch.evaluations.some((e) => e.accuracy >= 0.9),
      pace.wait(versionsTo90, '90 % held-out accuracy'),
    )
    const target = watch.maxVersion + 1
    const live = [nodes[0]!, nodes[1]!, nodes[2]!, late]
    await Promise.all(live.map((node) => node.setStopAt(target)))
    await watch.until(() => watch.minVersion >= target, pace.wait(2, `version ${target} everywhere`))
    // Every node has stopped (a leader may still commit one more version while the others stop).
    await expect
      .poll(async () => (await Promise.all(live.map((node) => node.snapshot()))).map((s) => s.status), {
        timeout: 30_000,
      })
      .toEqual(['done', 'done', 'done', 'done'])
    const finals = await Promise.all(live.map((node) => node.snapshot()))
    // A leader may commit one more version before it learns where to stop; every node ends on the same one.
    const ended = finals[0]!.version
    expect(ended === target || ended === target + 1, `ended at ${ended}, target ${target}`).toBe(true)
    expect(finals.map((s) => s.version)).toEqual([ended, ended, ended, ended])
    expect(new Set(finals.map((s) => s.hash)).size).toBe(1)
    // The late joiner holds the very parameters the others hold, so it scores exactly what they score, and the
    // swarm learned: better than at its first evaluation. (Not ≥ 90 % again: near the first crossing, accuracy
    // a few versions later may be just under it on a healthy run.)
    const accuracies = await Promise.all(live.map(async (node) => (await node.evaluate()).accuracy))
    expect(accuracies).toEqual(accuracies.map(() => accuracies[3]))
    expect(accuracies[3]).toBeGreaterThan(watch.evaluations[0]!.accuracy)
    for (const node of live)
      await node.page.screenshot({ path: testInfo.outputPath(`churn-${node.index}.png`), fullPage: true })
  } finally {
    await volunteers.close()
    await Promise.all(nodes.map((node) => node.close()))
    await stack.stop()
  }
})

test('training continues without a lost version while the signaling server is killed and restarted', async () => {
  const stack = await startStack({ build: false })
  const watch = watchSwarm({ count: 3, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const signalingStatus = new Map<number, string>()
  const volunteers = await launchVolunteers({
    url: stack.volunteerUrl(),
    backends: ['wasm', 'wasm', 'wasm'],
    minPeers: 3,
    onEvent: (index, event) => {
      if (event.type === 'signaling') signalingStatus.set(index, event.status)
      watch.onEvent(index, event)
    },
  })
  try {
    await watch.until(() => watch.minVersion >= 1, startup('version 1'))
    const pace = await paceOf(watch)
    await stack.signaling.stop()
    const killedAt = watch.minVersion
    await watch.until(() => watch.minVersion >= killedAt + 10, pace.wait(10, 'ten versions without signaling'))
    expect([...signalingStatus.values()].every((s) => s !== 'open')).toBe(true)

    await stack.restartSignaling()
    await watch.until(() => [...signalingStatus.values()].filter((s) => s === 'open').length === 3, {
      timeoutMs: 30_000,
      stallMs: 30_000,
      what: 'reconnect to signaling',
    })
    const restartedAt = watch.minVersion
    await watch.until(() => watch.minVersion >= restartedAt + 5, pace.wait(5, 'five versions after the restart'))

    const target = watch.maxVersion + 1
    await Promise.all(volunteers.nodes.map((node) => node.setStopAt(target)))
    await watch.until(() => watch.minVersion >= target, pace.wait(2, `version ${target}`))
    // No version was lost or skipped: every node adopted every version, in order, and each version committed
    // without signaling was trained by the swarm's own nodes (some node contributed to it). Which node resynced a
    // version instead of contributing (the protocol's answer to a missed round) is a matter of timing, not a property
    // this run can hold the swarm to; it is reported.
    for (const index of [0, 1, 2]) {
      const history = watch.history.get(index)!
      expect(history.map((v) => v.version)).toEqual(Array.from({ length: target }, (_, i) => i + 1))
      const synced = history.filter((v) => !v.contributed).map((v) => v.version)
      if (synced.length > 0) console.log(`node ${index} resynced versions ${synced.join(', ')}`)
    }
    for (let version = killedAt + 1; version <= restartedAt; version++) {
      const trained = [0, 1, 2].some((index) =>
        watch.history.get(index)!.some((v) => v.version === version && v.contributed),
      )
      expect(trained, `version ${version}, committed without signaling, was trained by a node`).toBe(true)
    }
    const finals = await Promise.all(volunteers.nodes.map((node) => node.snapshot()))
    expect(new Set(finals.map((s) => s.hash)).size).toBe(1)
  } finally {
    await volunteers.close()
    await stack.stop()
  }
})
