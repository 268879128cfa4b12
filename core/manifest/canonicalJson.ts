import { BaseError } from '../errors/BaseError.ts'

export class NonCanonicalValueError extends BaseError {
  override name = 'NonCanonicalValueError' as const
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Value at ${path || '(root)'} cannot be canonicalized: ${reason}.`)
  }
}

/**
 * JSON with object keys sorted by code unit and no white space: the same value always gives the same text,
 * so its hash can name it. Rejects what JSON cannot round-trip (non-finite numbers, undefined, functions,
 * bigints, class instances) instead of silently changing it.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '')
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new NonCanonicalValueError(path, `${value} is not a finite number`)
      return JSON.stringify(Object.is(value, -0) ? 0 : value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${path}[${i}]`)).join(',')}]`
      const prototype = Object.getPrototypeOf(value)
      if (prototype !== Object.prototype && prototype !== null)
        throw new NonCanonicalValueError(path, 'only plain objects are allowed')
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
      const members = keys.map((key) => `${JSON.stringify(key)}:${write(record[key], path ? `${path}.${key}` : key)}`)
      return `{${members.join(',')}}`
    }
    default:
      throw new NonCanonicalValueError(path, `${typeof value} is not JSON`)
  }
}
