// What a forger leaves in the doc does not stay there: records the rules refuse are re-checked on every read (their
// verdict can change as the chain grows), so if they stayed, every step would pay for them. Leaders prune by key,
// valid records or not, and the hot reads select by key before they verify (createSwarmState `values(map, where)`).

import { expect, test } from 'vitest'
import { labelledSigner } from '../../testing/createChainWriter.ts'
import { createSteppedSwarm } from '../../testing/createSteppedSwarm.ts'
import { forgeVersions } from '../../testing/forgeVersions.ts'
import type { Envelope } from '../recordEnvelope.ts'
import { keyNumber } from '../records.ts'

test('rounds and reports of 200 forged keys are pruned as the honest chain passes them', async () => {
  const swarm = createSteppedSwarm({ seed: 'refused records', lastVersion: 40, minMembers: 3 })
  const [first] = ['a', 'b', 'c'].map((label) => swarm.add(label))
  const doc = swarm.doc(first!)
  await swarm.run(() => (doc.latestVersion()?.version ?? 0) >= 2)
  const swarmId = (doc.doc.getMap('versions').get('0') as Envelope).w
  const keys = Array.from({ length: 200 }, (_, i) => labelledSigner(`refused ${i}`))
  const forged = forgeVersions({
    doc: doc.doc,
    swarmId,
    keys,
    base: doc.latestVersion()!,
    count: 20,
    contributorsPerVersion: 8,
  })
  const forgedAuthors = new Set(keys.map((key) => key.address))
  const forgedHashes = new Set(forged.map((v) => v.hash))
  expect(doc.keys('reports').filter((key) => forgedAuthors.has(key.split(':')[2] as never)).length).toBe(160)

  await swarm.run(() => (doc.latestVersion()?.version ?? 0) >= 34)

  const latest = doc.latestVersion()!.version
  expect(doc.keys('reports').filter((key) => forgedAuthors.has(key.split(':')[2] as never))).toEqual([])
  for (const map of ['rounds', 'reports', 'failures'] as const)
    for (const key of doc.keys(map)) expect(keyNumber(key)).toBeGreaterThanOrEqual(latest - 8)
  for (let n = 0; n <= latest; n++) expect(forgedHashes.has(doc.get('versions', String(n))!.hash)).toBe(false)
  expect([...doc.ignored.keys()].some((reason) => reason.startsWith('versions:'))).toBe(true)
})
