// A validator for one swarm (design §6): a replica of the swarm's doc that signs each payee's cumulative
// receipt as rounds are committed, publishes it in the doc and over HTTP, and relays claims for volunteers
// without ether. Node only: it needs WebRTC from @roamhq/wrtc and an HTTP server.
import type { Hex, LocalAccount } from 'viem'
import type { Manifest } from '../core/manifest/Manifest.ts'
import type { DeadlinePolicy } from '../core/rewards/receiptDeadline.ts'
import { type RpcClient, rpcClient } from '../contracts/rpcClient.ts'
import { checkValidatorSetup } from './checkValidatorSetup.ts'
import { createPayeeBook } from './createPayeeBook.ts'
import { createReceiptPublisher, type ReceiptPublisher } from './createReceiptPublisher.ts'
import { createRelayer } from './createRelayer.ts'
import { createValidatorServer } from './createValidatorServer.ts'
import { joinSwarmDoc } from './joinSwarmDoc.ts'
import type { ValidatorSetupError } from './ValidatorSetupError.ts'

export type CreateValidatorParameters = {
  swarmId: Hex
  manifest: Manifest
  signalingUrl: string
  iceServers: readonly RTCIceServer[]
  rpcUrl: string
  /** Signs receipts and pays relayed claims' gas. */
  account: LocalAccount
  host?: string
  /** 0: a free port. */
  port?: number
  now?: () => number
  policy?: DeadlinePolicy
  /** How often deadlines are checked for renewal; policy.refreshAfterSeconds is a day, so hourly is plenty. */
  refreshIntervalMs?: number
  log?: (line: string) => void
}
export type Validator = {
  url: string
  address: `0x${string}`
  publisher: ReceiptPublisher
  client: RpcClient
  /** Peers the doc is synced with. */
  peers(): number
  stop(): Promise<void>
}
export type CreateValidatorErrorType = ValidatorSetupError

export async function createValidator(parameters: CreateValidatorParameters): Promise<Validator> {
  const { swarmId, manifest, account, now = Date.now, log = (line: string) => console.error(`validator: ${line}`) } = parameters
  const chainId = manifest.rewards?.chainId ?? 0
  const client = rpcClient({ rpcUrl: parameters.rpcUrl, chainId, account })
  const rewards = await checkValidatorSetup({ swarmId, manifest, validator: account.address, client })
  const onError = (error: unknown) => log(`${error instanceof Error ? error.message : String(error)}`)

  const swarm = joinSwarmDoc({ swarmId, signalingUrl: parameters.signalingUrl, iceServers: parameters.iceServers })
  const payees = createPayeeBook({ doc: swarm.doc, swarmId, onError })
  const publisher = createReceiptPublisher({ doc: swarm.doc, swarmId, manifest: { ...manifest, rewards }, signer: account, payees, now, onError, ...(parameters.policy ? { policy: parameters.policy } : {}) })
  const timer = setInterval(() => void publisher.refresh(), parameters.refreshIntervalMs ?? 3_600_000)
  timer.unref()
  const relayer = createRelayer({ client, swarmId, rewards, now })
  const close = () => {
    clearInterval(timer)
    publisher.close()
    payees.close()
    swarm.close()
  }
  try {
    const server = await createValidatorServer({
      host: parameters.host ?? '127.0.0.1',
      port: parameters.port ?? 0,
      swarmId,
      validator: account.address,
      receiptFor: publisher.receiptFor,
      relayer,
      maxBodyBytes: 1_024 + 130 * rewards.validators.length,
      peers: swarm.peers,
      log,
    })
    return {
      url: server.url,
      address: account.address,
      publisher,
      client,
      peers: swarm.peers,
      stop: async () => {
        close()
        await server.close()
      },
    }
  } catch (error) {
    close()
    throw error
  }
}
