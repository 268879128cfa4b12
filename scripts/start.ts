// `npm start`: the local Starling stack on embedded defaults, printing the URL to open. Ctrl-C stops
// everything it started.
//
//   npm start [-- --host H] [--port P] [--signaling-port P] [--no-build] [--no-chain] [--validators N]
//     [--threshold K]
//   env: STARLING_HOST, STARLING_WEB_PORT, STARLING_SIGNALING_PORT
import { parseArgs } from 'node:util'
import { checkDemoValidators, DemoValidatorsError, demoThreshold } from '../stack/startDemoChain.ts'
import { startStack } from '../stack/startStack.ts'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: process.env.STARLING_HOST ?? '127.0.0.1' },
    port: { type: 'string', default: process.env.STARLING_WEB_PORT ?? '5173' },
    'signaling-port': { type: 'string', default: process.env.STARLING_SIGNALING_PORT ?? '4444' },
    'no-build': { type: 'boolean', default: false },
    // Without the chain: no anvil, contracts or validator, and the demo swarm pays nothing.
    'no-chain': { type: 'boolean', default: false },
    // The demo swarm's validators (anvil's accounts #1..#N, a process each) and the signatures a receipt needs.
    validators: { type: 'string', default: '1' },
    threshold: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log(
    'npm start [-- --host 127.0.0.1] [--port 5173] [--signaling-port 4444] [--no-build] [--no-chain] ' +
      '[--validators 1] [--threshold (a majority of the validators)]',
  )
  process.exit(0)
}
const port = (name: string, text: string) => {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number from 0 to 65535, got ${JSON.stringify(text)}`)
    process.exit(2)
  }
  return value
}

const validators = Number(values.validators)
const threshold = values.threshold === undefined ? demoThreshold(validators) : Number(values.threshold)
try {
  checkDemoValidators(validators, threshold)
} catch (error) {
  if (!(error instanceof DemoValidatorsError)) throw error
  console.error(`--validators and --threshold: ${error.shortMessage}`)
  process.exit(2)
}

console.log('Starling: building the web app and starting the local stack…')
const stack = await startStack({
  host: values.host,
  webPort: port('--port', values.port),
  signalingPort: port('--signaling-port', values['signaling-port']),
  build: !values['no-build'],
  dataDir: '.cache/registry',
  chain: !values['no-chain'] && { validators, threshold },
}).catch((error: Error) => {
  console.error(`Starling could not start: ${error.message}`)
  process.exit(1)
})

const chain = stack.chain
const chainLines = chain
  ? [
      `  chain      ${chain.rpcUrl}   (anvil, chain id ${chain.chainId})`,
      `  contracts  rewards ${chain.rewards}, token ${chain.token}`,
      ...chain.validators.map(
        ({ address, url }, index) => `  validator  ${url}   (${address}${index === 0 ? '; relays claims' : ''})`,
      ),
      `  receipts   signed by ${chain.threshold} of ${chain.validators.length} validators; ` +
        `the swarm pays ${stack.manifest.rewards?.rewardPerUnit} token base units per sample`,
    ]
  : ['  chain      off (--no-chain): the demo swarm pays no rewards']

console.log(`
  signaling  ${stack.signalingUrl}   (health: ${stack.registryUrl}/healthz, metrics: ${stack.registryUrl}/metrics)
  web app    ${stack.webUrl}
  swarm      ${stack.swarmId}  (${stack.manifest.name})
${chainLines.join('\n')}

  Open this URL in two or more browser windows (separate profiles) to train together:

    ${stack.volunteerUrl()}

  Headless volunteers: npm run nodes -- --url '${stack.volunteerUrl()}' --count 3
  Ctrl-C stops everything.
`)

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`\n${signal}: stopping…`)
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
