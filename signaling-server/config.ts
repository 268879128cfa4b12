// Turns command-line flags and STARLING_SIGNALING_* environment variables into a checked configuration.
// Flags win over the environment; every limit in limits.ts gets a flag `--kebab-name` and a variable
// `STARLING_SIGNALING_SNAKE_NAME`, so adding a limit there is all it takes to make it configurable.

import { parseArgs } from 'node:util'
import { BaseError } from '../core/errors/BaseError.ts'
import { defaultLimits, limitSpecs, type SignalingLimits } from './limits.ts'

export type SignalingConfig = {
  host: string
  /** 0 asks the OS for a free port. */
  port: number
  /** Where the manifest registry persists one JSON file per swarm; memory only when undefined. */
  dataDir: string | undefined
  limits: SignalingLimits
  help: boolean
}

export class UnknownOptionError extends BaseError {
  override name = 'UnknownOptionError' as const
  constructor(cause: unknown) {
    super('Unknown or malformed command-line option.', {
      cause,
      metaMessages: ['Run with --help for the list of options.'],
    })
  }
}

export class InvalidOptionValueError extends BaseError {
  override name = 'InvalidOptionValueError' as const
  constructor(
    readonly option: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`Invalid value ${JSON.stringify(value)} for ${option}: expected ${expected}.`)
  }
}

export type ParseConfigErrorType = UnknownOptionError | InvalidOptionValueError

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
const envName = (flag: string) => `STARLING_SIGNALING_${flag.toUpperCase().replaceAll('-', '_')}`

const baseOptions = [
  { flag: 'host', why: 'interface to bind; 127.0.0.1 keeps it off the network' },
  { flag: 'port', why: 'TCP port; 0 picks a free one' },
  { flag: 'data-dir', why: 'persist the manifest registry here (one <id>.json per swarm)' },
] as const

function parseInteger(option: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new InvalidOptionValueError(option, text, `an integer in [${min}, ${max}]`)
  return value
}

export function parseConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SignalingConfig {
  const options: Record<string, { type: 'string' } | { type: 'boolean' }> = { help: { type: 'boolean' } }
  for (const { flag } of baseOptions) options[flag] = { type: 'string' }
  for (const spec of limitSpecs) options[kebab(spec.key)] = { type: 'string' }
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as typeof values
  } catch (error) {
    throw new UnknownOptionError(error)
  }
  // Returns the flag's value, else the environment's, naming whichever it came from for error messages.
  const lookup = (flag: string): [string, string] | undefined => {
    const fromFlag = values[flag]
    if (typeof fromFlag === 'string') return [`--${flag}`, fromFlag]
    const fromEnv = env[envName(flag)]
    return fromEnv === undefined || fromEnv === '' ? undefined : [envName(flag), fromEnv]
  }
  const limits = { ...defaultLimits }
  for (const spec of limitSpecs) {
    const found = lookup(kebab(spec.key))
    if (found) limits[spec.key] = parseInteger(found[0], found[1], spec.min, Number.MAX_SAFE_INTEGER)
  }
  const port = lookup('port')
  const host = lookup('host')
  if (host && host[1].trim() === '') throw new InvalidOptionValueError(host[0], host[1], 'a host name or address')
  return {
    host: host?.[1] ?? '127.0.0.1',
    port: port ? parseInteger(port[0], port[1], 0, 65_535) : 4444,
    dataDir: lookup('data-dir')?.[1],
    limits,
    help: values.help === true,
  }
}

export function configHelp(): string {
  const rows = [
    ...baseOptions.map(({ flag, why }) => `  --${flag.padEnd(30)} ${envName(flag).padEnd(48)} ${why}`),
    ...limitSpecs.map((spec) => {
      const flag = kebab(spec.key)
      return `  --${flag.padEnd(30)} ${envName(flag).padEnd(48)} default ${spec.defaultValue}: ${spec.why}`
    }),
  ]
  return [
    'Usage: signaling-server [options]   (flag, or environment variable; flags win)',
    '',
    ...rows,
    '  --help',
  ].join('\n')
}
