// Runs validator/main.ts as a child process of the stack, as a proposer would run it beside their server.
// The key travels in the environment, not in argv.
import { fileURLToPath } from 'node:url'
import type { Address, Hex } from 'viem'
import { type Child, startChild, tsxArgs } from './startChild.ts'

export type ValidatorChildOptions = {
  host: string
  swarmId: Hex
  /** Also validate swarms created later on this rewards contract that name this validator (launched from the page). */
  follow?: Address
  registryUrl: string
  signalingUrl: string
  rpcUrl: string
  key: Hex
  /** Prefix of its echoed stderr lines; default `validator`. */
  label?: string
  /** The validator's log lines once it is ready (StartChildOptions.onLine); by default its stderr is echoed. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
}
export type ValidatorChild = Child & { url: string }

const main = fileURLToPath(new URL('../validator/main.ts', import.meta.url))

export async function startValidatorChild(options: ValidatorChildOptions): Promise<ValidatorChild> {
  const flags = [
    '--host',
    options.host,
    '--port',
    '0',
    '--swarm',
    options.swarmId,
    '--registry',
    options.registryUrl,
    '--signaling',
    options.signalingUrl,
    '--rpc',
    options.rpcUrl,
  ]
  if (options.follow) flags.push('--follow', options.follow)
  const { command, args } = tsxArgs(main, flags)
  const child = await startChild({
    label: options.label ?? 'validator',
    command,
    args,
    env: { ...process.env, STARLING_VALIDATOR_KEY: options.key },
    ready: /^validator 0x[0-9a-fA-F]{40} listening on (http:\/\/\S+)$/,
    ...(options.onLine ? { onLine: options.onLine } : {}),
  })
  return { ...child, url: child.match[1]! }
}
