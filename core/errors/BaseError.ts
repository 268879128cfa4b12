// Root of every typed error in Starling. Modelled on viem's BaseError: a short message a user can read,
// optional details and cause, and a literal `name` on each subclass so callers can switch on it.

export type BaseErrorParameters = {
  cause?: unknown
  details?: string
  metaMessages?: readonly string[]
}

export class BaseError extends Error {
  override name = 'BaseError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly metaMessages: readonly string[]

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const { cause, details, metaMessages = [] } = parameters
    const causeText = cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause)
    const lines = [shortMessage, ...metaMessages]
    if (details) lines.push(`Details: ${details}`)
    else if (causeText && causeText !== shortMessage) lines.push(`Details: ${causeText}`)
    super(lines.join('\n'), cause === undefined ? undefined : { cause })
    this.shortMessage = shortMessage
    this.details = details ?? causeText
    this.metaMessages = metaMessages
  }

  /** Walks the cause chain and returns the first error for which `predicate` holds. */
  walk(predicate: (error: unknown) => boolean): unknown {
    if (predicate(this)) return this
    for (let error = this.cause; error !== undefined && error !== null;) {
      if (predicate(error)) return error
      error = error instanceof Error ? error.cause : undefined
    }
    return undefined
  }
}

/** A plain, structured-clone-safe description of an error, for posting across worker and peer boundaries. */
export type SerializedError = { name: string; message: string; details?: string | undefined }

export function serializeError(error: unknown): SerializedError {
  if (error instanceof BaseError) return { name: error.name, message: error.shortMessage, details: error.details }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'UnknownError', message: String(error) }
}
