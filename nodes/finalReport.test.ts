import { describe, expect, test } from 'vitest'
import type { StarlingSnapshot } from '../web/src/swarm/SwarmEvent.ts'
import { finalReport, type FinalReportParameters, honestAgree } from './finalReport.ts'

const snapshot = (peer: string | undefined, hash: string | undefined, contributed: number): StarlingSnapshot => ({
  peer,
  phase: 'running',
  status: 'done',
  backend: 'wasm',
  fallbacks: [],
  version: 12,
  hash,
  loss: 0.5,
  accuracy: undefined,
  members: 3,
  linked: 3,
  contributed,
  error: undefined,
})
const [alice, bob, carol, mallory] = ['0xA11ce', '0xB0b', '0xCa401', '0xMa11'] as const
const parameters: FinalReportParameters = {
  rounds: 10,
  accuracy: 0.83456,
  snapshots: [
    snapshot(alice, '0x11', 768),
    snapshot(bob, '0x11', 768),
    snapshot(carol, '0x11', 704),
    snapshot(mallory, '0x99', 64),
  ],
  timings: { compute: 10.12345, allreduce: 20, optimizer: 1 / 3 },
  attack: 'zeros',
  hostile: [{ node: 3, fromVersion: 0, contributedBefore: 0 }],
  ledger: { banned: [mallory], unitsByPeer: { [alice]: 320, [bob]: 320, [carol]: 256 } },
}

describe('finalReport', () => {
  test("names each adversary's peer, the bans, every node's hash by peer and the receipted units", () => {
    expect(finalReport(parameters)).toEqual({
      rounds: 10,
      accuracy: 0.835,
      hashes: ['0x11', '0x11', '0x11', '0x99'],
      hashesByPeer: { [alice]: '0x11', [bob]: '0x11', [carol]: '0x11', [mallory]: '0x99' },
      msPerRound: { compute: 10.123, allreduce: 20, optimizer: 0.333 },
      adversaries: [{ node: 3, peer: mallory, attack: 'zeros', fromVersion: 0, samplesAfterAttack: 64 }],
      banned: [mallory],
      unitsByPeer: { [alice]: 320, [bob]: 320, [carol]: 256 },
    })
  })

  test('without adversaries or rewards: no adversaries field, no bans, no units', () => {
    const report = finalReport({ ...parameters, hostile: [], ledger: { banned: [], unitsByPeer: {} } })
    expect(report).not.toHaveProperty('adversaries')
    expect(report.banned).toEqual([])
    expect(report.unitsByPeer).toEqual({})
  })

  test('the run passes when every node the swarm did not ban holds one hash', () => {
    expect(honestAgree(finalReport(parameters))).toBe(true)
    // Unbanned, the adversary's other hash fails the run.
    expect(honestAgree(finalReport({ ...parameters, ledger: { banned: [], unitsByPeer: {} } }))).toBe(false)
    // So does a node that never joined (no peer id).
    const unjoined = [...parameters.snapshots.slice(0, 3), snapshot(undefined, undefined, 0)]
    expect(honestAgree(finalReport({ ...parameters, snapshots: unjoined, hostile: [] }))).toBe(false)
  })
})
