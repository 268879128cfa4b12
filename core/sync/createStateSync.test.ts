// State transfer to late joiners over the seeded test network: where the holder fails (before, mid-transfer,
// lying, not holding the version yet) and what the requester ends with.

import { describe, expect, test } from 'vitest'
import { createOptimizerState } from '../optimizer/createOptimizerState.ts'
import { hashBytes } from '../state/hashState.ts'
import { serializeState } from '../state/serializeState.ts'
import type { VersionRecord } from '../swarm/records.ts'
import type { TrainingState } from '../swarm/VolunteerPorts.ts'
import { createTestNetwork } from '../testing/createTestNetwork.ts'
import { nodeDigest } from '../testing/nodeDigest.ts'
import { createStateSync, type Served, StateSyncError } from './createStateSync.ts'

/** 50,000 parameters with SGD momentum: 400 KB, seven 64 KB chunks. */
async function servedState(
  version: number,
  fill: number,
): Promise<{ state: TrainingState; served: Served; record: VersionRecord }> {
  const params = Float32Array.from({ length: 50_000 }, (_, i) => fill + i / 1e4)
  const state = {
    params,
    optimizer: createOptimizerState({ type: 'sgd', learningRate: 0.1, momentum: 0.9 }, params.length),
  }
  const bytes = serializeState(state)
  const hash = await hashBytes(bytes)
  const record: VersionRecord = {
    version,
    hash,
    round: version - 1,
    attempt: 0,
    contributors: [],
    batchSize: 1,
    nextOffset: 0,
    evidence: [],
    loss: 0,
    signer: 'h1',
    at: 0,
  }
  return { state, served: { version, hash, bytes }, record }
}

function setup(serving: Record<string, () => Served | undefined>) {
  const network = createTestNetwork({ seed: 'sync', profile: { bytesPerMs: 2000 } })
  const syncs = Object.fromEntries(
    Object.entries(serving).map(([peer, serve]) => [
      peer,
      createStateSync({ transport: network.transport(peer), clock: network.clock, serve, digest: nodeDigest }),
    ]),
  )
  const requester = createStateSync({
    transport: network.transport('me'),
    clock: network.clock,
    serve: () => undefined,
    digest: nodeDigest,
  })
  async function fetch(record: VersionRecord, holders: string[], during?: () => void) {
    let outcome: { state: TrainingState } | { error: unknown } | undefined
    requester.fetch(record, holders).then(
      (state) => (outcome = { state }),
      (error: unknown) => (outcome = { error }),
    )
    during?.()
    await network.clock.run(() => outcome !== undefined, 60_000)
    return { outcome: outcome!, at: network.clock.now() }
  }
  return { network, syncs, fetch }
}

describe('state sync', () => {
  test('fetches a committed state in chunks and checks it against the version hash', async () => {
    const { state, served, record } = await servedState(3, 1)
    const { fetch } = setup({ h1: () => served })
    const { outcome } = await fetch(record, ['h1'])
    expect('state' in outcome && outcome.state.params).toEqual(state.params)
  })

  test('moves on to the next holder when one crashes mid-transfer, or sends a state of another hash', async () => {
    const { state, served, record } = await servedState(3, 1)
    const other = await servedState(3, 2)
    const { network, fetch } = setup({
      crashing: () => served,
      lying: () => ({ ...other.served, hash: served.hash }),
      honest: () => served,
    })
    let chunks = 0
    network.intercept((packet) => {
      if (packet.from === 'crashing' && ++chunks === 3) network.crash('crashing')
      return [packet.frame]
    })
    const { outcome } = await fetch(record, ['crashing', 'lying', 'honest'])
    expect('state' in outcome && outcome.state.params).toEqual(state.params)
    const sentToMe = (peer: string) => network.log.filter((line) => line.includes(` ${peer}>me `)).length
    expect(sentToMe('crashing')).toBeGreaterThan(0)
    expect(sentToMe('crashing')).toBeLessThan(7)
    expect([sentToMe('lying'), sentToMe('honest')]).toEqual([7, 7])
  })

  const movedPastRefuses =
    'a holder that has moved past the version refuses; with no holder left the fetch fails naming each ' + 'attempt'
  test(movedPastRefuses, async () => {
    const { record } = await servedState(3, 1)
    const newer = await servedState(4, 1)
    const { fetch } = setup({ ahead: () => newer.served })
    const { outcome } = await fetch(record, ['ahead'])
    expect('error' in outcome && outcome.error).toBeInstanceOf(StateSyncError)
    expect((outcome as { error: StateSyncError }).error.attempts).toEqual(['ahead refused: this peer holds version 4'])
    const none = await fetch(record, [])
    expect((none.outcome as { error: StateSyncError }).error.attempts).toEqual(['no linked peer holds it'])
  })

  test('a holder about to adopt the version parks the request and answers once it holds it', async () => {
    const older = await servedState(2, 0)
    const { state, served, record } = await servedState(3, 1)
    let current = older.served
    const { network, syncs, fetch } = setup({ member: () => current })
    const { outcome, at } = await fetch(record, ['member'], () =>
      network.clock.setTimeout(() => {
        current = served
        syncs.member!.offer()
      }, 40),
    )
    expect('state' in outcome && outcome.state.params).toEqual(state.params)
    expect(at).toBeLessThan(1000)
  })

  test('a parked request that the holder never catches up with is refused in time for the next holder', async () => {
    const older = await servedState(2, 0)
    const { state, served, record } = await servedState(3, 1)
    const { fetch } = setup({ stuck: () => older.served, honest: () => served })
    const { outcome, at } = await fetch(record, ['stuck', 'honest'])
    expect('state' in outcome && outcome.state.params).toEqual(state.params)
    expect(at).toBeGreaterThanOrEqual(2500)
    expect(at).toBeLessThan(5000)
  })
})
