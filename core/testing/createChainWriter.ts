// Writes committed versions into a swarm doc the way the rules (core/swarm/authority/recordAuthority.ts) allow
// them: every contributor announces its presence, the round's leader (the base version's highest-ranked
// contributor; for round 0 the highest-ranked member) writes the round, every member signs its report, and the
// version carries those reports as evidence. For tests that need a real chain without running a swarm.

import { keccak256, stringToHex } from 'viem'
import type * as Y from 'yjs'
import { rankOrder } from '../swarm/authority/leaderRank.ts'
import { createSwarmState, type SwarmState } from '../swarm/createSwarmState.ts'
import type { Envelope } from '../swarm/recordEnvelope.ts'
import { createKeySigner, type RecordSigner } from '../swarm/recordSignature.ts'
import { recordKey, type ReportRecord, type VersionRecord } from '../swarm/records.ts'
import type { Hex } from '../types/Hex.ts'
import type { PeerId } from '../types/PeerId.ts'

/** A test peer's signer from a label: the same label gives the same key in every run. */
export function labelledSigner(label: string): RecordSigner {
  return createKeySigner(keccak256(stringToHex(`starling test peer ${label}`)))
}

export type ChainWriter = {
  /** Commits the next version with these contributors (version 0 first, if none exists yet); returns it. */
  commit(contributors: readonly RecordSigner[], options?: { announce?: boolean }): VersionRecord
  /** Publishes a peer's presence, if it has none. */
  present(peer: RecordSigner): void
  /** The writer's view of the doc as `peer`. */
  stateOf(peer: RecordSigner): SwarmState
  /** The versions committed so far, in order. */
  readonly versions: readonly VersionRecord[]
}

export function createChainWriter(doc: Y.Doc, swarmId: Hex, { batchSize = 64 } = {}): ChainWriter {
  const states = new Map<PeerId, SwarmState>()
  const signers = new Map<PeerId, RecordSigner>()
  const stateOf = (peer: RecordSigner) => {
    signers.set(peer.address, peer)
    let state = states.get(peer.address)
    if (!state) states.set(peer.address, (state = createSwarmState(doc, { swarmId, signer: peer })))
    return state
  }
  const versions: VersionRecord[] = []
  const hashOf = (version: number): Hex => keccak256(stringToHex(`${swarmId} version ${version}`))
  const present = (peer: RecordSigner) => {
    if (!stateOf(peer).stored('presence', peer.address))
      stateOf(peer).put('presence', {
        peer: peer.address,
        version: -1,
        hash: null,
        active: true,
        backend: 'cpu',
        at: 0,
      })
  }
  const genesis = (signer: RecordSigner) => {
    const v0: VersionRecord = {
      version: 0,
      hash: hashOf(0),
      round: -1,
      attempt: 0,
      contributors: [],
      batchSize,
      nextOffset: 0,
      evidence: [],
      loss: 0,
      signer: signer.address,
      at: 0,
    }
    stateOf(signer).put('versions', v0)
    versions.push(v0)
  }
  return {
    versions,
    present,
    stateOf,
    commit(contributors, { announce = true } = {}) {
      for (const peer of contributors) stateOf(peer)
      if (announce) contributors.forEach(present)
      if (versions.length === 0) genesis(contributors[0]!)
      const base = versions.at(-1)!
      const members = contributors.map((peer) => peer.address)
      const leaderId = rankOrder(base, base.version === 0 ? members : base.contributors)[0]!
      const leader = signers.get(leaderId)!
      const round = base.version
      stateOf(leader).put('rounds', {
        round,
        attempt: 0,
        members,
        offset: base.nextOffset,
        leader: leaderId,
        at: round,
      })
      const hash = hashOf(round + 1)
      const reports: ReportRecord[] = contributors.map((peer) => ({
        version: round + 1,
        attempt: 0,
        peer: peer.address,
        hash,
        loss: 1,
        samples: batchSize,
        timings: { compute: 1, allreduce: 1, optimizer: 1 },
        at: round,
      }))
      reports.forEach((report, i) => stateOf(contributors[i]!).put('reports', report))
      const version: VersionRecord = {
        version: round + 1,
        hash,
        round,
        attempt: 0,
        contributors: members,
        batchSize,
        nextOffset: base.nextOffset + members.length * batchSize,
        // As stored: without presence (announce: false) a report is not valid yet, but its envelope is its own.
        evidence: reports.map((r) => doc.getMap('reports').get(recordKey.reports(r)) as Envelope<ReportRecord>),
        loss: 1,
        signer: leaderId,
        at: round,
      }
      stateOf(leader).put('versions', version)
      versions.push(version)
      return version
    },
  }
}
