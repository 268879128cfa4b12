// CLI: a validator for the swarms given with --swarm (repeatable), and with --follow for every swarm created
// later on that rewards contract that names it a validator (swarms launched from the launch page).
//
//   STARLING_VALIDATOR_KEY=0x… npx tsx validator/main.ts --swarm 0x… --registry http://… --signaling ws://…
//     --rpc http://… [--follow 0xREWARDS [--follow-from BLOCK]] [--host 127.0.0.1] [--port 0] [--public-url URL]
//     [--ice-servers '[{"urls":"stun:…"}]']
//
// The key comes from the environment, never argv (which every local user can read in `ps`). Prints exactly one
// line `validator 0x… listening on http://HOST:PORT` on stdout when ready; logs go to stderr.
// Exit codes: 0 clean shutdown, 1 startup failed, 2 bad configuration.
import { parseArgs } from 'node:util'
import { type Address, type Hex, isAddress, isHex, size } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { BaseError } from '../core/errors/BaseError.ts'
import { createValidator } from './createValidator.ts'
import { fetchSwarmManifest } from './fetchSwarmManifest.ts'
import { ValidatorSetupError } from './ValidatorSetupError.ts'

const usage =
  'STARLING_VALIDATOR_KEY=0x… validator/main.ts (--swarm ID)… [--follow REWARDS_CONTRACT [--follow-from BLOCK]] ' +
  '--registry URL --signaling URL --rpc URL ' +
  '[--host H] [--port P] [--public-url URL] [--ice-servers JSON]'

function configuration() {
  const { values } = parseArgs({
    options: {
      swarm: { type: 'string', multiple: true, default: [] },
      follow: { type: 'string' },
      'follow-from': { type: 'string', default: '0' },
      registry: { type: 'string' },
      signaling: { type: 'string' },
      rpc: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'public-url': { type: 'string' },
      'ice-servers': { type: 'string', default: '[]' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) return undefined
  const bad = (reason: string) => new ValidatorSetupError(`${reason}\nusage: ${usage}`)
  const key = process.env.STARLING_VALIDATOR_KEY
  if (!key || !isHex(key) || size(key) !== 32) throw bad('STARLING_VALIDATOR_KEY must hold a 32-byte hex private key')
  for (const swarm of values.swarm)
    if (!/^0x[0-9a-f]{64}$/.test(swarm))
      throw bad(`--swarm must be a swarm id (0x and 64 lowercase hex digits), got ${swarm.slice(0, 70)}`)
  if (values.follow !== undefined && !isAddress(values.follow))
    throw bad("--follow must be the rewards contract's address")
  if (!/^\d+$/.test(values['follow-from'])) throw bad('--follow-from must be a block number')
  if (values.swarm.length === 0 && values.follow === undefined)
    throw bad('give the swarms to validate with --swarm, or a rewards contract to follow with --follow')
  for (const name of ['registry', 'signaling', 'rpc'] as const) if (!values[name]) throw bad(`--${name} is required`)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw bad('--port must be a port number')
  let iceServers: RTCIceServer[]
  try {
    iceServers = JSON.parse(values['ice-servers']) as RTCIceServer[]
  } catch (error) {
    throw new ValidatorSetupError('--ice-servers is not JSON', { cause: error })
  }
  if (!Array.isArray(iceServers)) throw bad('--ice-servers must be a JSON array')
  const publicUrl = values['public-url']
  if (publicUrl !== undefined && !/^https?:\/\/\S{1,190}$/.test(publicUrl))
    throw bad('--public-url must be an http:// or https:// URL (pages send audit answers there)')
  return {
    key: key as Hex,
    swarmIds: values.swarm as Hex[],
    follow: values.follow as Address | undefined,
    followFrom: BigInt(values['follow-from']),
    registry: values.registry!,
    signaling: values.signaling!,
    rpc: values.rpc!,
    host: values.host,
    port,
    publicUrl,
    iceServers,
  }
}

let config: ReturnType<typeof configuration>
try {
  config = configuration()
} catch (error) {
  console.error(error instanceof BaseError ? error.message : error)
  process.exit(2)
}
if (!config) {
  console.log(usage)
  process.exit(0)
}

let validator: Awaited<ReturnType<typeof createValidator>>
try {
  const { registry } = config
  const swarms = await Promise.all(
    config.swarmIds.map(async (swarmId) => ({ swarmId, manifest: await fetchSwarmManifest(registry, swarmId) })),
  )
  validator = await createValidator({
    swarms,
    account: privateKeyToAccount(config.key),
    signalingUrl: config.signaling,
    iceServers: config.iceServers,
    rpcUrl: config.rpc,
    host: config.host,
    port: config.port,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.follow
      ? { follow: { contract: config.follow, registryUrl: registry, fromBlock: config.followFrom } }
      : {}),
  })
} catch (error) {
  console.error(`validator: failed to start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
console.log(`validator ${validator.address} listening on ${validator.url}`)

// y-webrtc decodes every peer's messages inside event handlers, so a malformed message from anyone in the room
// throws outside any code of ours: in a browser a console error, in Node an uncaught exception that would stop
// the validator. Our own state changes all run in promise chains that report their errors, so logging and going
// on is safe; receipts already signed stay in the doc either way.
process.on('uncaughtException', (error) =>
  console.error(`validator: ignored a peer's bad message: ${error.stack ?? error.message}`),
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`validator: ${signal}, shutting down`)
    validator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`validator: shutdown failed: ${error instanceof Error ? error.message : String(error)}`)
        process.exit(1)
      },
    )
  })
}
