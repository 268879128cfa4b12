// A validator (docs/architecture.md §7): one account that validates every swarm it is named for, behind one HTTP
// server (receipts and relays under /swarms/<id>/…). It starts with the swarms it is given and, told to follow a
// rewards contract, adopts each swarm created there later that lists it among its validators (a proposer's launch
// page creates those), with the manifest the registry holds for it. Node only: WebRTC from @roamhq/wrtc.
import { type Address, createPublicClient, type Hex, http, type LocalAccount } from 'viem'
import type { Manifest } from '../core/manifest/Manifest.ts'
import type { DeadlinePolicy } from '../core/rewards/receiptDeadline.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { createSendLine } from './createSendLine.ts'
import { createSwarmValidator, type SwarmValidator } from './createSwarmValidator.ts'
import { createValidatorServer } from './createValidatorServer.ts'
import { fetchSwarmManifest } from './fetchSwarmManifest.ts'
import { followSwarmCreation } from './followSwarmCreation.ts'
import { OnChainTermsMismatchError } from '../core/rewards/OnChainTermsMismatchError.ts'
import type { ValidatorSetupError } from './ValidatorSetupError.ts'

export type FollowOptions = {
  /** The rewards contract whose new swarms to adopt. */
  contract: Address
  /** Where their manifests are (the signaling server's registry). */
  registryUrl: string
  /**
   * First block to scan (default 0, every swarm the contract created: right for a local chain; on a public one, the
   * block the validator's duties begin).
   */
  fromBlock?: bigint
  pollingIntervalMs?: number
  /** Tries to read a new swarm's manifest, a second apart: a proposer may register it just after creating it. */
  manifestAttempts?: number
}

export type CreateValidatorParameters = {
  /** Swarms to validate from the start; each must check out, or the validator does not start. */
  swarms: readonly { swarmId: Hex; manifest: Manifest }[]
  follow?: FollowOptions
  signalingUrl: string
  iceServers: readonly RTCIceServer[]
  rpcUrl: string
  /** Signs receipts and pays relayed claims' gas. */
  account: LocalAccount
  host?: string
  /** 0: a free port. */
  port?: number
  /** The server's URL as pages reach it, published in each swarm's doc for audit reveals; default its own URL. */
  publicUrl?: string
  now?: () => number
  policy?: DeadlinePolicy
  /** How often deadlines are checked for renewal; policy.refreshAfterSeconds is a day, so hourly is plenty. */
  refreshIntervalMs?: number
  log?: (line: string) => void
}
export type Validator = {
  url: string
  address: Address
  stop(): Promise<void>
}
export type CreateValidatorErrorType = ValidatorSetupError | OnChainTermsMismatchError

export async function createValidator(parameters: CreateValidatorParameters): Promise<Validator> {
  const { account, now = Date.now, log = (line: string) => console.error(`validator: ${line}`) } = parameters
  const onError = (error: unknown) => log(`${error instanceof Error ? error.message : String(error)}`)
  const chainId = await createPublicClient({ transport: http(parameters.rpcUrl) }).getChainId()
  const client = rpcClient({ rpcUrl: parameters.rpcUrl, chainId, account })
  const sendLine = createSendLine()
  /** By lowercase swarm id: the chain's logs, the registry and URLs may spell it in either case. */
  const validated = new Map<Hex, SwarmValidator>()
  const swarmOf = (id: Hex) => validated.get(id.toLowerCase() as Hex)
  /** Followed swarms whose on-chain terms differ from their manifests, by lowercase id: never validated, listed on
   * /healthz, and answered 409 so pages can say why nothing is paid. */
  const refused = new Map<Hex, OnChainTermsMismatchError>()
  // The server comes first: swarms publish its URL as they are adopted, and it answers 404 for a swarm until then.
  const server = await createValidatorServer({
    host: parameters.host ?? '127.0.0.1',
    port: parameters.port ?? 0,
    validator: account.address,
    swarm: swarmOf,
    swarms: () => [...validated.keys()],
    refusal: (id) => refused.get(id.toLowerCase() as Hex),
    refused: () => [...refused.values()],
    peers: () => [...validated.values()].reduce((sum, swarm) => sum + swarm.peers(), 0),
    log,
  })
  const endpointUrl = parameters.publicUrl ?? server.url
  const adopt = async (swarmId: Hex, manifest: Manifest) => {
    const id = swarmId.toLowerCase() as Hex
    if (validated.has(id)) return
    const swarm = await createSwarmValidator({
      swarmId: id,
      manifest,
      account,
      client,
      now,
      onError,
      sendLine,
      signalingUrl: parameters.signalingUrl,
      iceServers: parameters.iceServers,
      policy: parameters.policy,
      refreshIntervalMs: parameters.refreshIntervalMs ?? 3_600_000,
      endpointUrl,
      log,
    })
    validated.set(id, swarm)
    log(`validating swarm ${id}`)
  }
  const closeAll = () => {
    for (const swarm of validated.values()) swarm.close()
    validated.clear()
  }

  try {
    for (const { swarmId, manifest } of parameters.swarms) await adopt(swarmId, manifest)
    const follow = parameters.follow
    const following =
      follow &&
      followSwarmCreation({
        client,
        contract: follow.contract,
        validator: account.address,
        onError,
        fromBlock: follow.fromBlock,
        pollingIntervalMs: follow.pollingIntervalMs,
        onSwarm: async (swarmId) => {
          if (swarmOf(swarmId)) return
          try {
            await adopt(
              swarmId,
              await withRetries(follow.manifestAttempts ?? 10, () => fetchSwarmManifest(follow.registryUrl, swarmId)),
            )
          } catch (error) {
            if (error instanceof OnChainTermsMismatchError) refused.set(swarmId.toLowerCase() as Hex, error)
            log(`not validating new swarm ${swarmId}: ${error instanceof Error ? error.message : String(error)}`)
          }
        },
      })
    return {
      url: server.url,
      address: account.address,
      stop: async () => {
        following?.stop()
        closeAll()
        await server.close()
      },
    }
  } catch (error) {
    closeAll()
    await server.close()
    throw error
  }
}

/** A new swarm's manifest may reach the registry a moment after the swarm reaches the chain. */
async function withRetries<T>(attempts: number, task: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task()
    } catch (error) {
      if (attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }
}
