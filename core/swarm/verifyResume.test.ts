import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { simulationManifest } from '../testing/simulationManifest.ts'
import { createTrainer } from '../training/createTrainer.ts'
import { createSwarmState } from './createSwarmState.ts'
import { sealRecord } from './recordEnvelope.ts'
import { createKeySigner } from './recordSignature.ts'
import { recordKey } from './records.ts'
import { StaleResumeError, verifyResume } from './verifyResume.ts'
import type { Hex } from '../types/Hex.ts'

const swarmId = `0x${'51'.repeat(32)}` as Hex
const alice = createKeySigner(`0x${'11'.repeat(32)}`)
const trainer = createTrainer(simulationManifest(10), 8000)

async function setup() {
  const state = createSwarmState(new Y.Doc(), { swarmId, signer: alice })
  const initial = trainer.initial()
  const gradient = new Float32Array(initial.params.length).fill(2 ** -10)
  const kept = trainer.apply(initial, gradient)
  const hash = await trainer.hash(kept)
  state.put('presence', { peer: alice.address, version: 1, hash, active: true, backend: 'cpu', at: 1 })
  state.put('versions', {
    version: 0,
    hash: await trainer.hash(initial),
    round: -1,
    attempt: 0,
    contributors: [],
    batchSize: 4,
    nextOffset: 0,
    evidence: [],
    loss: 0,
    signer: alice.address,
    at: 1,
  })
  // Alice's report of the hash backs the version (authority/versionEvidence.ts).
  const report = {
    version: 1,
    attempt: 0,
    peer: alice.address,
    hash,
    loss: 1,
    samples: 4,
    timings: { compute: 1, allreduce: 1, optimizer: 1 },
    at: 2,
  }
  state.put('versions', {
    version: 1,
    hash,
    round: 0,
    attempt: 0,
    contributors: [alice.address],
    batchSize: 4,
    nextOffset: 4,
    evidence: [sealRecord(alice, swarmId, 'reports', recordKey.reports(report), report)],
    loss: 1,
    signer: alice.address,
    at: 2,
  })
  return { state, kept, hash }
}

describe('verifyResume', () => {
  test('uses a kept state whose hash the swarm publishes for its version', async () => {
    const { state, kept, hash } = await setup()
    expect(await verifyResume({ version: 1, hash, state: kept }, state, trainer)).toEqual({
      version: 1,
      hash,
      state: kept,
    })
  })

  test('refuses a kept state the swarm does not publish, or that does not hash to what it claims', async () => {
    const { state, kept, hash } = await setup()
    expect(await verifyResume({ version: 2, hash, state: kept }, state, trainer)).toBeInstanceOf(StaleResumeError)
    const tampered = { ...kept, params: kept.params.slice() }
    tampered.params[3]! += 1
    expect(await verifyResume({ version: 1, hash, state: tampered }, state, trainer)).toBeInstanceOf(StaleResumeError)
  })

  test('has nothing to resume at version 0', async () => {
    const { state, kept, hash } = await setup()
    expect(await verifyResume({ version: 0, hash, state: kept }, state, trainer)).toBeUndefined()
  })
})
