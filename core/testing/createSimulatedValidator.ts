// The validator of a seeded simulation, doing what validator/createSwarmAuditor.ts does: a replica of the doc on
// the doc network, its endpoint published, core's auditor recomputing sampled contributions (with the fake compute's
// gradient, as every simulated peer computes it), and the validator's consequences (audit/auditConsequence.ts): a ban
// from the audited version for a refuted audit or an unanswered one of a member still training, a lapse otherwise.
// Pages' HTTP uploads become calls after a delay on the virtual clock.
import * as Y from 'yjs'
import { AuditMismatchError, NotAuditedError } from '../audit/auditErrors.ts'
import type { AuditRules } from '../audit/auditSample.ts'
import { auditConsequence } from '../audit/auditConsequence.ts'
import { type AuditVerdict, createAuditor } from '../audit/createAuditor.ts'
import { createVerifiedLedger } from '../audit/createVerifiedLedger.ts'
import type { Delivery, Upload } from '../audit/createRevealer.ts'
import { hashString } from '../random/hashString.ts'
import { banVersionFor } from '../swarm/authority/banVersion.ts'
import type { ValidatorSet } from '../swarm/authority/ValidatorSet.ts'
import { createSwarmState } from '../swarm/createSwarmState.ts'
import type { RecordSigner } from '../swarm/recordSignature.ts'
import type { Trainer } from '../swarm/VolunteerPorts.ts'
import type { PeerId } from '../types/PeerId.ts'
import type { DocNetwork } from './createDocNetwork.ts'
import type { VirtualClock } from './createVirtualClock.ts'

export type SimulatedValidatorParameters = {
  swarmId: `0x${string}`
  signer: RecordSigner
  validators: ValidatorSet
  docs: DocNetwork
  clock: VirtualClock
  trainer: Trainer
  parameterCount: number
  rules: AuditRules
  /** The gradient every simulated peer computes (the fake compute's, or the learning one's). */
  gradient: (params: Float32Array, samples: Uint32Array) => Float32Array
  onBan: (peer: PeerId, verdict: AuditVerdict) => void
}

export const simulatedValidatorUrl = 'http://validator.simulation'
/** One upload's way to the validator and back. */
const uploadMs = 10

export function createSimulatedValidator(parameters: SimulatedValidatorParameters) {
  const { clock, signer } = parameters
  const doc = new Y.Doc()
  doc.clientID = hashString(`${parameters.swarmId}/validator`)
  parameters.docs.connect('validator', doc)
  const state = createSwarmState(doc, {
    swarmId: parameters.swarmId,
    signer,
    validators: parameters.validators,
  })
  const verdicts: AuditVerdict[] = []
  const ledger = createVerifiedLedger()
  const auditor = createAuditor({
    state,
    codec: 'fp32',
    rules: parameters.rules,
    parameterCount: parameters.parameterCount,
    shard: parameters.trainer.shard,
    recompute: async (params, samples) => parameters.gradient(params, samples),
    now: () => clock.now(),
    answerMs: 30_000,
    onError: (error) => {
      throw error
    },
    onVerdict(verdict) {
      verdicts.push(verdict)
      const consequence = auditConsequence(verdict, state)
      ledger.record(verdict, consequence)
      if (consequence !== 'ban') return
      state.put('bans', {
        peer: verdict.peer,
        version: banVersionFor(state.latestVersion()?.version ?? 0),
        reason: `audit ${verdict.outcome}: ${verdict.reason}`.slice(0, 500),
        forfeitsFrom: verdict.version,
        validator: signer.address,
        at: clock.now(),
      })
      parameters.onBan(verdict.peer, verdict)
    },
  })
  // Written once the doc has synced, as the validator publishes it when it adopts the swarm.
  clock.setTimeout(() => state.put('endpoints', { validator: signer.address, url: simulatedValidatorUrl, at: 1 }), 100)
  let closed = false
  const expire = () => {
    if (closed) return
    auditor.expire()
    clock.setTimeout(expire, 1_000)
  }
  expire()

  /** What the validator's HTTP routes answer, as the page's deliverAuditUpload reads them. */
  const take = (upload: Upload): Delivery => {
    try {
      if (upload.kind === 'reveal')
        return auditor.reveal(upload.version, upload.peer, upload.bytes).needsState ? 'needsState' : 'done'
      auditor.state(upload.version, upload.bytes)
      return 'done'
    } catch (error) {
      if (error instanceof NotAuditedError && upload.kind === 'reveal') throw error
      if (error instanceof NotAuditedError || error instanceof AuditMismatchError) return 'done'
      throw error
    }
  }
  return {
    verdicts,
    verifiedThrough: ledger.verifiedThrough,
    deliver: (_url: string, upload: Upload) =>
      new Promise<Delivery>((resolve, reject) =>
        clock.setTimeout(() => {
          try {
            resolve(take(upload))
          } catch (error) {
            reject(error as Error)
          }
        }, uploadMs),
      ),
    close() {
      closed = true
      auditor.close()
    },
  }
}
