// One volunteer of a simulated swarm, wired as web/src/swarm/joinSwarm.ts wires it in a browser: its own Y.Doc
// on the doc network, an all-reduce endpoint and a state sync on two channels of its test-network link, a Trainer,
// a Compute, and core's volunteer runtime. Only the world around it is simulated.

import * as Y from 'yjs'
import { type Attack, createAdversaryReducer } from '../adversary/createAdversaryReducer.ts'
import { createAllReduceEndpoint } from '../allreduce/createAllReduceEndpoint.ts'
import { serializeState } from '../state/serializeState.ts'
import type { ValidatorSet } from '../swarm/authority/ValidatorSet.ts'
import { createSwarmState, type SwarmState } from '../swarm/createSwarmState.ts'
import {
  createVolunteer,
  type Volunteer,
  type VolunteerEvent,
  type VolunteerOptions,
} from '../swarm/createVolunteer.ts'
import type { RecordSigner } from '../swarm/recordSignature.ts'
import type { MapName, RecordMaps } from '../swarm/records.ts'
import type { Compute, Links, Trainer, TrainingState } from '../swarm/VolunteerPorts.ts'
import { createStateSync } from '../sync/createStateSync.ts'
import { createChannelMux } from './createChannelMux.ts'
import type { DocNetwork } from './createDocNetwork.ts'
import type { TestNetwork } from './createTestNetwork.ts'
import { nodeDigest } from './nodeDigest.ts'
import type { PeerId } from '../types/PeerId.ts'
import type { Aggregator } from '../manifest/Manifest.ts'
import type { AuditRules } from '../audit/auditSample.ts'
import { createRevealer, type RevealerParameters } from '../audit/createRevealer.ts'

/** The endpoint's default frame size, named: a revealer must know it (audit/revealFormat.ts). */
const simulatedFrameBytes = 65_536

export type SimulatedPeerParameters = {
  /** The peer's key; its address is the peer id. */
  signer: RecordSigner
  /** Makes Yjs's tie-breaks between concurrent writes repeat from run to run. */
  clientId: number
  swarmId: `0x${string}`
  /** Who may ban (none: no one). */
  validators?: ValidatorSet
  /** The endpoint's aggregator (default `sum`); centered-clip runs over signed commitments, as in the browser. */
  aggregator?: Aggregator
  network: TestNetwork
  docs: DocNetwork
  links: Links
  trainer: Trainer
  compute: Compute
  settings: Pick<VolunteerOptions, 'batchSize' | 'evalEvery' | 'lastVersion' | 'minMembers' | 'settleMs'>
  onEvent: (event: VolunteerEvent) => void
  onHeld: (held: { version: number; hash: `0x${string}`; state: TrainingState }) => void
  /** Every record this peer writes, as it writes it. */
  onWrite: <K extends MapName>(map: K, record: RecordMaps[K]) => void
  /** A peer asked this one for its state. */
  onServe: () => void
  /** What a hostile member does to its contribution (adversary/createAdversaryReducer.ts); absent: it is honest. */
  adversary?: Attack
  /** The hostile member is honest until it holds this version, and attacks every contribution after it. */
  attackAfter?: number
  /** The swarm is audited: this peer answers its audits as a page does (audit/createRevealer.ts). */
  audits?: { rules: AuditRules; deliver: RevealerParameters['deliver'] }
}

export type SimulatedPeer = {
  readonly id: PeerId
  readonly doc: Y.Doc
  readonly state: SwarmState
  readonly volunteer: Volunteer
  /** The process dies: nothing more leaves it, in-flight data is lost. */
  crash(): void
  /** The volunteer stops and tells its ring, then its links close. */
  leave(): void
}

export function createSimulatedPeer(parameters: SimulatedPeerParameters): SimulatedPeer {
  const { network, docs, signer } = parameters
  const id = signer.address
  const clock = network.clock
  const doc = new Y.Doc()
  doc.clientID = parameters.clientId
  const state = createSwarmState(doc, {
    swarmId: parameters.swarmId,
    signer,
    ...(parameters.validators ? { validators: parameters.validators } : {}),
  })
  const logged: SwarmState = Object.assign(Object.create(state) as SwarmState, {
    put: <K extends MapName>(map: K, record: RecordMaps[K]) => {
      parameters.onWrite(map, record)
      state.put(map, record)
    },
  })
  const channels = createChannelMux(network.transport(id), ['allreduce', 'sync'])
  const endpoint = createAllReduceEndpoint({
    transport: channels.allreduce,
    clock,
    swarmId: parameters.swarmId,
    codec: 'fp32',
    aggregator: parameters.aggregator ?? 'sum',
    frameBytes: simulatedFrameBytes,
  })
  let held: { version: number; hash: `0x${string}`; state: TrainingState } | undefined
  let served: { version: number; hash: `0x${string}`; bytes: Uint8Array } | undefined
  const sync = createStateSync({
    transport: channels.sync,
    clock,
    digest: nodeDigest,
    serve: () => {
      parameters.onServe()
      if (held && served?.version !== held.version)
        served = { version: held.version, hash: held.hash, bytes: serializeState(held.state) }
      return served
    },
  })
  const revealer =
    parameters.audits &&
    createRevealer({
      self: id,
      state,
      rules: parameters.audits.rules,
      frameBytes: simulatedFrameBytes,
      deliver: parameters.audits.deliver,
      clock,
    })
  const { adversary, attackAfter = -1 } = parameters
  const hostile = adversary && createAdversaryReducer(endpoint, attackAfter < 0 ? adversary : undefined)
  let attacking = attackAfter < 0
  const volunteer = createVolunteer({
    self: id,
    state: logged,
    trainer: parameters.trainer,
    compute: parameters.compute,
    reducer: hostile || endpoint,
    links: parameters.links,
    fetchState: (version, holders) => sync.fetch(version, holders),
    clock,
    backend: 'simulated',
    ...parameters.settings,
    commitments: parameters.aggregator === 'centered-clip',
    onEvent: parameters.onEvent,
    ...(revealer ? { onCommitted: revealer.committed } : {}),
    onHeld: (next) => {
      held = next
      if (hostile && !attacking && next.version >= attackAfter) {
        attacking = true
        hostile.setAttack(adversary)
      }
      revealer?.held(next)
      sync.offer()
      parameters.onHeld(next)
    },
  })
  docs.connect(id, doc)

  const shutDown = () => {
    revealer?.close()
    volunteer.stop()
    endpoint.close()
    sync.close()
  }
  return {
    id,
    doc,
    state,
    volunteer,
    crash() {
      docs.disconnect(id)
      network.crash(id)
      shutDown()
    },
    leave() {
      shutDown()
      docs.disconnect(id)
      // Let the abort notices leave before the links close (a closing tab flushes its channels).
      clock.setTimeout(() => network.crash(id), 20)
    },
  }
}
