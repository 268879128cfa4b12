// The local Starling stack on embedded defaults: signaling server (with the manifest registry), the web
// app, and a demo swarm registered in it. `npm start` prints its URL; e2e tests and benchmarks start
// the same stack on free ports.
import { fileURLToPath } from 'node:url'
import { demoManifest } from '../../core/manifest/demoManifest.ts'
import type { Manifest } from '../../core/manifest/Manifest.ts'
import { swarmIdOf } from '../../core/manifest/swarmIdOf.ts'
import { type Child, startChild, tsxArgs } from '../process/startChild.ts'
import { createWebServer } from '../web/createWebServer.ts'
import { buildWeb } from './buildWeb.ts'
import { registerManifest } from './registerManifest.ts'

export type StackOptions = {
  host?: string
  /** 0 picks free ports. */
  webPort?: number
  signalingPort?: number
  /** Build the web app first (skip when a build is known to be current). */
  build?: boolean
  /** Where the registry keeps manifests across restarts; memory only when undefined. */
  dataDir?: string
  manifest?: Manifest
}

export type Stack = {
  webUrl: string
  signalingUrl: string
  registryUrl: string
  swarmId: `0x${string}`
  manifest: Manifest
  volunteerUrl(query?: Record<string, string | number>): string
  /** The signaling server process, so tests can kill and restart it. */
  signaling: Child
  restartSignaling(): Promise<void>
  stop(): Promise<void>
}

const root = fileURLToPath(new URL('../../', import.meta.url))

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const host = options.host ?? '127.0.0.1'
  const manifest = options.manifest ?? demoManifest()
  const swarmId = swarmIdOf(manifest)
  if (options.build !== false) await buildWeb()

  const startSignaling = (port: string) => {
    const flags = ['--host', host, '--port', port, ...(options.dataDir ? ['--data-dir', options.dataDir] : [])]
    const { command, args } = tsxArgs(`${root}signaling-server/main.ts`, flags)
    return startChild({ label: 'signaling', command, args, ready: /^signaling listening on (ws:\/\/\S+)$/ })
  }
  let signaling = await startSignaling(String(options.signalingPort ?? 0))
  const signalingUrl = signaling.match[1]!
  const registryUrl = signalingUrl.replace(/^ws/, 'http')
  const port = new URL(signalingUrl).port
  const stops: (() => Promise<void>)[] = [() => signaling.stop()]
  try {
    await registerManifest(registryUrl, manifest)
    const web = await createWebServer({
      root: `${root}dist/web`,
      host,
      port: options.webPort ?? 0,
      config: { signalingUrl, registryUrl, iceServers: [], demoSwarm: swarmId },
    })
    stops.push(() => web.close())
    return {
      webUrl: web.url,
      signalingUrl,
      registryUrl,
      swarmId,
      manifest,
      volunteerUrl: (query = {}) => {
        const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
        return `${web.url}/${search ? `?${search}` : ''}#/swarm/${swarmId}`
      },
      get signaling() {
        return signaling
      },
      async restartSignaling() {
        await signaling.stop()
        signaling = await startSignaling(port)
        // Without a data dir the registry lived in the old process's memory.
        if (!options.dataDir) await registerManifest(registryUrl, manifest)
      },
      async stop() {
        for (const stop of stops.reverse()) await stop()
      },
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop()
    throw error
  }
}
