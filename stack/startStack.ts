// The local Starling stack on embedded defaults: signaling server (with the manifest registry), the web
// app, and a demo swarm registered in it; with `chain`, also anvil with the contracts, the demo swarm created
// and funded on chain, and its validators (one process each, every one on its own free port). `npm start` prints
// its URL; e2e tests and benchmarks start the same stack on free ports.
import { fileURLToPath } from 'node:url'
import type { Address } from 'viem'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import type { Manifest } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { type Child, startChild, tsxArgs } from './startChild.ts'
import { createWebServer } from './createWebServer.ts'
import { buildWeb } from './buildWeb.ts'
import { registerManifest } from './registerManifest.ts'
import { type DemoChain, type DemoChainOptions, startDemoChain } from './startDemoChain.ts'
import { startValidatorChild, type ValidatorChild } from './startValidatorChild.ts'

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
  /** Start anvil, deploy, create and fund the swarm on chain (the manifest gains its rewards terms) and run its
   * validators (`validators`, default 1, with a majority `threshold`). Off by default so tests that do not pay skip
   * it; `npm start` turns it on. */
  chain?: boolean | DemoChainOptions
}

/** What the web app's config.json says about the chain, and what tests need to check payouts. */
export type StackChain = Pick<
  DemoChain,
  'rpcUrl' | 'chainId' | 'rewards' | 'token' | 'deployer' | 'validator' | 'threshold'
> & {
  /** The first validator's (anvil's #1): config.json's relay for claims. */
  validatorUrl: string
  /** Every validator, #1 first, with the URL of its receipts and relay. */
  validators: { address: Address; url: string }[]
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
  /** Present when started with `chain`. */
  chain?: StackChain
  stop(): Promise<void>
}

const root = fileURLToPath(new URL('../', import.meta.url))

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const host = options.host ?? '127.0.0.1'
  // The chain starts while the web app builds: the manifest names the deployed contracts, so its id waits for them.
  const starting = options.chain
    ? startDemoChain(options.manifest ?? demoManifest(), options.chain === true ? {} : options.chain)
    : undefined
  const built = options.build !== false ? buildWeb() : Promise.resolve()
  const [chainStarted, buildDone] = await Promise.allSettled([starting, built])
  const chain = chainStarted.status === 'fulfilled' ? chainStarted.value : undefined
  if (chainStarted.status === 'rejected' || buildDone.status === 'rejected') {
    await chain?.stop()
    throw chainStarted.status === 'rejected' ? chainStarted.reason : (buildDone as PromiseRejectedResult).reason
  }
  const manifest = chain?.manifest ?? options.manifest ?? demoManifest()
  const swarmId = swarmIdOf(manifest)

  const startSignaling = (port: string) => {
    // The demo swarm is the stack's own: the registry neither expires it nor evicts it for others' uploads.
    const flags = ['--host', host, '--port', port, '--pinned-swarms', swarmId]
    if (options.dataDir) flags.push('--data-dir', options.dataDir)
    const { command, args } = tsxArgs(`${root}signaling-server/main.ts`, flags)
    return startChild({ label: 'signaling', command, args, ready: /^signaling listening on (ws:\/\/\S+)$/ })
  }
  let signaling = await startSignaling(String(options.signalingPort ?? 0)).catch(async (error: unknown) => {
    await chain?.stop()
    throw error
  })
  const signalingUrl = signaling.match[1]!
  const registryUrl = signalingUrl.replace(/^ws/, 'http')
  const port = new URL(signalingUrl).port
  const stops: (() => Promise<void>)[] = [...(chain ? [chain.stop] : []), () => signaling.stop()]
  try {
    await registerManifest(registryUrl, manifest)
    // One after another: each is a Node process that loads viem, yjs, WebRTC and tfjs, seconds of start-up on a
    // busy 2-core machine, and started together they could each miss their ready line's 30 s bound.
    const validators: ValidatorChild[] = []
    if (chain)
      for (const [index, { key }] of chain.validators.entries()) {
        const validator = await startValidatorChild({
          host,
          swarmId,
          follow: chain.rewards,
          registryUrl,
          signalingUrl,
          rpcUrl: chain.rpcUrl,
          key,
          label: chain.validators.length > 1 ? `validator ${index + 1}` : 'validator',
        })
        validators.push(validator)
        stops.push(() => validator.stop())
      }
    const stackChain: StackChain | undefined = chain && {
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      rewards: chain.rewards,
      token: chain.token,
      deployer: chain.deployer,
      validator: chain.validator,
      threshold: chain.threshold,
      validatorUrl: validators[0]!.url,
      validators: validators.map(({ url }, index) => ({ address: chain.validators[index]!.address, url })),
    }
    const web = await createWebServer({
      root: `${root}dist/web`,
      host,
      port: options.webPort ?? 0,
      config: {
        signalingUrl,
        registryUrl,
        iceServers: [],
        demoSwarm: swarmId,
        ...(stackChain && {
          chain: {
            rpcUrl: stackChain.rpcUrl,
            chainId: stackChain.chainId,
            rewards: stackChain.rewards,
            token: stackChain.token,
            validators: stackChain.validators.map(({ address }) => address),
            threshold: stackChain.threshold,
          },
          validatorUrl: stackChain.validatorUrl,
        }),
      },
    })
    stops.push(() => web.close())
    return {
      webUrl: web.url,
      signalingUrl,
      registryUrl,
      swarmId,
      manifest,
      ...(stackChain && { chain: stackChain }),
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
