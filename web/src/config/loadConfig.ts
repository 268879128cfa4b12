// Runtime configuration of the web app, served as /config.json by whoever serves the pages (`npm start`
// writes it from the servers it started), so one build runs against any deployment. The query string may
// override the signaling URL for a single page.

import { BaseError } from '../../../core/errors/BaseError.ts'

export type AppConfig = {
  /** WebSocket URL of the signaling server (y-webrtc protocol). */
  signalingUrl: string
  /** HTTP base URL of the manifest registry (the signaling server's /swarms). */
  registryUrl: string
  /** Our own STUN/TURN servers; empty on a LAN. Never a public default. */
  iceServers: RTCIceServer[]
  /** The swarm `npm start` created, shown on the home page. */
  demoSwarm?: string
}

export class ConfigError extends BaseError {
  override name = 'ConfigError' as const
  constructor(reason: string) {
    super(`The app's configuration is unusable: ${reason}.`, { metaMessages: ['Start the app with `npm start`, or serve a config.json beside index.html.'] })
  }
}

export async function loadConfig(base: string | URL = import.meta.env.BASE_URL, search = location.search): Promise<AppConfig> {
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
  if (typeof signalingUrl !== 'string' || !/^wss?:\/\//.test(signalingUrl)) throw new ConfigError('signalingUrl must be a ws:// or wss:// URL')
  const registryUrl = raw.registryUrl ?? signalingUrl.replace(/^ws/, 'http')
  if (!/^https?:\/\//.test(registryUrl)) throw new ConfigError('registryUrl must be an http:// or https:// URL')
  return { signalingUrl, registryUrl, iceServers: Array.isArray(raw.iceServers) ? raw.iceServers : [], ...(raw.demoSwarm ? { demoSwarm: raw.demoSwarm } : {}) }
}
