// The validator's work for one swarm (docs/architecture.md §7): a replica of the swarm's doc that signs each payee's
// cumulative receipt as rounds are committed and publishes it in the doc, and a relayer for its claims.
// createValidator runs one per swarm it validates, behind one HTTP server.
import type { Hex, LocalAccount } from 'viem'
import type { Manifest } from '../core/manifest/Manifest.ts'
import type { DeadlinePolicy } from '../core/rewards/receiptDeadline.ts'
import type { RpcClient } from '../chain/rpcClient.ts'
import { checkValidatorSetup } from './checkValidatorSetup.ts'
import { createPayeeBook } from './createPayeeBook.ts'
import { createReceiptPublisher, type ReceiptPublisher } from './createReceiptPublisher.ts'
import { createRelayer, type Relayer } from './createRelayer.ts'
import type { SendLine } from './createSendLine.ts'
import { joinSwarmDoc } from './joinSwarmDoc.ts'
import { createSwarmState } from '../core/swarm/createSwarmState.ts'
import { validatorSetOf } from '../core/swarm/authority/ValidatorSet.ts'
import { type BanWriter, createBanWriter } from './createBanWriter.ts'
import { readOnlySigner } from './readOnlySigner.ts'
import { aggregatorOf } from '../core/manifest/aggregatorOf.ts'
import { createSwarmAuditor, type SwarmAudits } from './createSwarmAuditor.ts'
import { publishEndpoint } from './publishEndpoint.ts'

export type CreateSwarmValidatorParameters = {
  swarmId: Hex
  manifest: Manifest
  account: LocalAccount
  client: RpcClient
  signalingUrl: string
  iceServers: readonly RTCIceServer[]
  now: () => number
  policy: DeadlinePolicy | undefined
  refreshIntervalMs: number
  /** The validator's one line of transactions, shared by its swarms' relayers. */
  sendLine: SendLine
  /** Where pages reach this validator's server: published in the doc's `endpoints` for audit reveals. */
  endpointUrl: string
  onError: (error: unknown) => void
  log: (line: string) => void
}
export type SwarmValidator = {
  swarmId: Hex
  receiptFor: ReceiptPublisher['receiptFor']
  /** Bans a peer when an audit proved it lied (createBanWriter.ts). */
  banFor: BanWriter['banFor']
  relayer: Relayer
  /** This swarm's audits, for swarms that commit to their contributions (aggregator centered-clip). */
  audits: SwarmAudits | undefined
  /** A relayed receipt with the swarm's whole validator set's signatures fits: ≈ 130 bytes of hex per signature. */
  maxBodyBytes: number
  /** Peers the doc is synced with. */
  peers(): number
  close(): void
}

/**
 * Rejects with ValidatorSetupError when the manifest, the chain or the validator set do not fit, and with
 * OnChainTermsMismatchError when the swarm on chain was created with other terms than the manifest's
 * (checkValidatorSetup): no receipt is ever signed for such a swarm.
 */
export async function createSwarmValidator(parameters: CreateSwarmValidatorParameters): Promise<SwarmValidator> {
  const { swarmId, manifest, account, client, now, onError } = parameters
  const rewards = await checkValidatorSetup({ swarmId, manifest, validator: account.address, client })
  const swarm = joinSwarmDoc({ swarmId, signalingUrl: parameters.signalingUrl, iceServers: parameters.iceServers })
  const payees = createPayeeBook({ doc: swarm.doc, swarmId, onError })
  const validators = validatorSetOf({ rewards })
  const state = createSwarmState(swarm.doc, { swarmId, signer: readOnlySigner(account.address), validators })
  const banner = createBanWriter({ state, swarmId, account, now, validators })
  // Only contributions committed to can be audited: a swarm on `sum` has no commitments to hold a reveal to.
  // A verdict may let receipts that waited for it be signed; the publisher is made below, with the audits' horizon.
  let refreshReceipts = () => {}
  const audits =
    aggregatorOf(manifest) === 'centered-clip'
      ? await createSwarmAuditor({
          manifest: { ...manifest, rewards },
          state,
          banner,
          now,
          onError,
          log: parameters.log,
          onVerdict: () => refreshReceipts(),
        })
      : undefined
  const endpoint = publishEndpoint({ state, swarmId, account, url: parameters.endpointUrl, now, onError })
  const publisher = createReceiptPublisher({
    state,
    swarmId,
    manifest: { ...manifest, rewards },
    signer: account,
    payees,
    now,
    onError,
    ...(parameters.policy ? { policy: parameters.policy } : {}),
    ...(audits ? { auditedThrough: audits.auditedThrough, verifiedThrough: audits.verifiedThrough } : {}),
  })
  refreshReceipts = () => void publisher.refresh()
  const timer = setInterval(() => void publisher.refresh(), parameters.refreshIntervalMs)
  timer.unref()
  return {
    swarmId,
    receiptFor: publisher.receiptFor,
    banFor: banner.banFor,
    relayer: createRelayer({ client, swarmId, rewards, now, sendLine: parameters.sendLine }),
    audits,
    maxBodyBytes: 1_024 + 130 * rewards.validators.length,
    peers: swarm.peers,
    close() {
      clearInterval(timer)
      endpoint.close()
      audits?.close()
      publisher.close()
      payees.close()
      swarm.close()
    },
  }
}
