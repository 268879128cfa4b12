// Runtime configuration of the web app, served as /config.json by whoever serves the pages (`npm start`
// writes it from the servers it started), so one build runs against any deployment. The query string may
// override the signaling URL for a single page.

import { BaseError } from '../../../core/errors/BaseError.ts'
import type { Address } from '../../../core/manifest/Manifest.ts'

/**
 * The deployment's chain (docs/architecture.md §7), as `npm start` writes it: where escrows live and claims are
 * sent.
 */
export type ChainConfig = {
  /** JSON-RPC URL the page reads the chain through (CORS-enabled). */
  rpcUrl: string
  chainId: number
  /** The rewards contract holding every swarm's escrow. */
  rewards: Address
  /** The deployment's reward token, suggested to proposers. */
  token: Address
  /** Validators suggested to proposers, and their threshold. */
  validators: Address[]
  threshold: number
}

export type AppConfig = {
  /** WebSocket URL of the signaling server (y-webrtc protocol). */
  signalingUrl: string
  /** HTTP base URL of the manifest registry (the signaling server's /swarms). */
  registryUrl: string
  /** Our own STUN/TURN servers; empty on a LAN. Never a public default. */
  iceServers: RTCIceServer[]
  /** The swarm `npm start` created, shown on the home page. */
  demoSwarm?: string
  /** Absent when this deployment pays no rewards. */
  chain?: ChainConfig
  /** HTTP base URL of the validator that publishes receipts and relays claims. */
  validatorUrl?: string
}

export class ConfigError extends BaseError {
  override name = 'ConfigError' as const
  constructor(reason: string) {
    super(`The app's configuration is unusable: ${reason}.`, {
      metaMessages: ['Start the app with `npm start`, or serve a config.json beside index.html.'],
    })
  }
}

export async function loadConfig(
  base: string | URL = import.meta.env.BASE_URL,
  search = location.search,
): Promise<AppConfig> {
  const url = new URL('config.json', new URL(base, location.href))
  let response: Response
  try {
    response = await fetch(url, { cache: 'no-store' })
  } catch (error) {
    throw new ConfigError(`${url} could not be fetched (${(error as Error).message})`)
  }
  if (!response.ok) throw new ConfigError(`${url} answered ${response.status}`)
  const raw = (await response.json()) as Partial<AppConfig>
  const params = new URLSearchParams(search)
  const signalingUrl = params.get('signaling') ?? raw.signalingUrl
  if (typeof signalingUrl !== 'string' || !/^wss?:\/\//.test(signalingUrl))
    throw new ConfigError('signalingUrl must be a ws:// or wss:// URL')
  const registryUrl = raw.registryUrl ?? signalingUrl.replace(/^ws/, 'http')
  if (!/^https?:\/\//.test(registryUrl)) throw new ConfigError('registryUrl must be an http:// or https:// URL')
  const chain = raw.chain === undefined ? undefined : chainConfig(raw.chain)
  if (raw.validatorUrl !== undefined && !/^https?:\/\//.test(String(raw.validatorUrl)))
    throw new ConfigError('validatorUrl must be an http:// or https:// URL')
  return {
    signalingUrl,
    registryUrl,
    iceServers: Array.isArray(raw.iceServers) ? raw.iceServers : [],
    ...(raw.demoSwarm ? { demoSwarm: raw.demoSwarm } : {}),
    ...(chain ? { chain } : {}),
    ...(raw.validatorUrl ? { validatorUrl: raw.validatorUrl } : {}),
  }
}

const isAddress = (value: unknown): value is Address => typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)

function chainConfig(raw: Partial<Record<keyof ChainConfig, unknown>>): ChainConfig {
  const { rpcUrl, chainId, rewards, token, validators = [], threshold = 1 } = raw
  if (typeof rpcUrl !== 'string' || !/^https?:\/\//.test(rpcUrl))
    throw new ConfigError('chain.rpcUrl must be an http:// or https:// URL')
  if (!Number.isSafeInteger(chainId) || (chainId as number) <= 0)
    throw new ConfigError('chain.chainId must be a positive integer')
  if (!isAddress(rewards) || !isAddress(token)) throw new ConfigError('chain.rewards and chain.token must be addresses')
  if (!Array.isArray(validators) || !validators.every(isAddress))
    throw new ConfigError('chain.validators must be a list of addresses')
  if (!Number.isSafeInteger(threshold)) throw new ConfigError('chain.threshold must be an integer')
  return { rpcUrl, chainId: chainId as number, rewards, token, validators, threshold: threshold as number }
}
