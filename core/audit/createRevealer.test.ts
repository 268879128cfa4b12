import { keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import type { VersionRecord } from '../swarm/records.ts'
import { createVirtualClock } from '../testing/createVirtualClock.ts'
import { createRevealer, type Upload } from './createRevealer.ts'

const self = '0x00000000000000000000000000000000000000aa'
const url = 'http://validator.test'
const rules = { auditRate: 1, probationRounds: 0 }

/** A doc holding committed versions 1… with `self` their only contributor, and one validator endpoint. */
function swarm() {
  const versions: VersionRecord[] = []
  const listeners = new Set<() => void>()
  return {
    commit(version: number) {
      versions.push({
        version,
        hash: keccak256(toHex(`v${version}`)),
        round: version - 1,
        attempt: 0,
        contributors: [self],
      } as VersionRecord)
      for (const listener of listeners) listener()
    },
    state: {
      get: ((map: string, key: string) =>
        map === 'versions' ? versions.find((v) => String(v.version) === key) : undefined) as never,
      values: ((map: string) => (map === 'versions' ? versions : map === 'endpoints' ? [{ url }] : [])) as never,
      latestVersion: () => versions.at(-1),
      observe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
    },
  }
}

describe('createRevealer', () => {
  test('a validator far behind the swarm still gets the base state it asks for', async () => {
    const clock = createVirtualClock()
    const doc = swarm()
    const uploads: Upload[] = []
    // The validator takes a reveal only once the swarm is 12 versions past it (beyond revealKeptVersions, within
    // maxPendingAudits), then asks for the base state.
    const revealer = createRevealer({
      self,
      state: doc.state,
      rules,
      frameBytes: 16,
      clock,
      retryMs: 100,
      async deliver(_url, upload) {
        if (upload.kind === 'reveal' && (doc.state.latestVersion()?.version ?? 0) < upload.version + 12)
          throw new Error('busy')
        uploads.push(upload)
        return upload.kind === 'reveal' ? 'needsState' : 'done'
      },
    })
    const params = new Float32Array(4)
    for (let version = 1; version <= 30; version++) {
      revealer.held({ version: version - 1, state: { params, optimizer: { type: 'sgd', velocity: params } } as never })
      revealer.committed({ round: version - 1, attempt: 0, members: [self] }, [Uint8Array.of(version)])
      doc.commit(version)
      await clock.advance(150)
    }
    await clock.advance(1_000)
    revealer.close()
    const states = uploads.filter((upload) => upload.kind === 'state').map((upload) => upload.version)
    // Version 1's reveal was taken at version 13: its base state (version 0) was still there to send.
    expect(states).toContain(0)
    expect(states).toEqual(uploads.filter((upload) => upload.kind === 'reveal').map((upload) => upload.version - 1))
  })
})
