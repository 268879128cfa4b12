// Turns command-line flags and STARLING_SIGNALING_* environment variables into a checked configuration.
// Flags win over the environment; every limit in limits.ts gets a flag `--kebab-name` and a variable
// `STARLING_SIGNALING_SNAKE_NAME`, so adding a limit there is all it takes to make it configurable.

import { parseArgs } from 'node:util'
import { BaseError } from '../core/errors/BaseError.ts'
import type { Hex } from '../core/types/Hex.ts'
import { isSwarmId } from './canonicalManifest.ts'
import { defaultLimits, limitName, limitSpecs, type SignalingLimits } from './limits.ts'

export type SignalingConfig = {
  host: string
  /** 0 asks the OS for a free port. */
  port: number
  /** Where the manifest registry persists one JSON file per swarm; memory only when undefined. */
  dataDir: string | undefined
  /**
   * Header (lower case) holding the client's address as a reverse proxy saw it; read only when set, because
   * any client can send it. Undefined: the socket's address.
   */
  trustedProxyHeader: string | undefined
  /** Swarm ids whose manifests the registry keeps for good (never expired, never evicted). */
  pinnedSwarms: readonly Hex[]
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

const envName = (flag: string) => `STARLING_SIGNALING_${flag.toUpperCase().replaceAll('-', '_')}`

const baseOptions = [
  { flag: 'host', why: 'interface to bind; 127.0.0.1 keeps it off the network' },
  { flag: 'port', why: 'TCP port; 0 picks a free one' },
  { flag: 'data-dir', why: 'persist the manifest registry here (one <id>.json per swarm)' },
  {
    flag: 'trusted-proxy-header',
    why: 'e.g. x-forwarded-for: per-address limits use its last entry; set only behind a proxy that writes it',
  },
  { flag: 'pinned-swarms', why: 'comma-separated swarm ids the registry never expires or evicts' },
] as const

// An HTTP field name (RFC 9110 token); Node hands headers over in lower case.
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9a-z-]+$/

function parseHeaderName(option: string, text: string): string {
  const name = text.trim().toLowerCase()
  if (!headerNamePattern.test(name)) throw new InvalidOptionValueError(option, text, 'an HTTP header name')
  return name
}

function parseSwarmIds(option: string, text: string): Hex[] {
  const ids = text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '')
  const bad = ids.find((id) => !isSwarmId(id))
  if (bad !== undefined) throw new InvalidOptionValueError(option, bad, 'swarm ids (0x and 64 lowercase hex digits)')
  return [...new Set(ids.filter(isSwarmId))]
}

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
  for (const spec of limitSpecs) options[limitName(spec.key)] = { type: 'string' }
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
    const found = lookup(limitName(spec.key))
    if (found) limits[spec.key] = parseInteger(found[0], found[1], spec.min, Number.MAX_SAFE_INTEGER)
  }
  const port = lookup('port')
  const host = lookup('host')
  if (host && host[1].trim() === '') throw new InvalidOptionValueError(host[0], host[1], 'a host name or address')
  const proxyHeader = lookup('trusted-proxy-header')
  const pinned = lookup('pinned-swarms')
  return {
    host: host?.[1] ?? '127.0.0.1',
    port: port ? parseInteger(port[0], port[1], 0, 65_535) : 4444,
    dataDir: lookup('data-dir')?.[1],
    trustedProxyHeader: proxyHeader && parseHeaderName(proxyHeader[0], proxyHeader[1]),
    pinnedSwarms: pinned ? parseSwarmIds(pinned[0], pinned[1]) : [],
    limits,
    help: values.help === true,
  }
}

export function configHelp(): string {
  const options = [
    ...baseOptions.map(({ flag, why }) => ({ flag, text: why })),
    ...limitSpecs.map((spec) => ({ flag: limitName(spec.key), text: `default ${spec.defaultValue}: ${spec.why}` })),
  ]
  // Columns as wide as the longest flag and variable name, so every description starts in one column.
  const flagWidth = Math.max(...options.map(({ flag }) => flag.length))
  const envWidth = Math.max(...options.map(({ flag }) => envName(flag).length))
  return [
    'Usage: signaling-server [options]   (flag, or environment variable; flags win)',
    '',
    ...options.map(({ flag, text }) => `  --${flag.padEnd(flagWidth)}  ${envName(flag).padEnd(envWidth)}  ${text}`),
    '  --help',
  ].join('\n')
}
