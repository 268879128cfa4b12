// Reads an HTTP request body as UTF-8 text or bytes, refusing it as soon as it passes its limit (or announces more
// in Content-Length) so that an oversized upload never sits in memory.

import type { IncomingMessage } from 'node:http'
import { BaseError } from '../core/errors/BaseError.ts'

export class BodyTooLargeError extends BaseError {
  override name = 'BodyTooLargeError' as const
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`)
  }
}

export class BodyReadError extends BaseError {
  override name = 'BodyReadError' as const
  constructor(cause: unknown) {
    super('The request body could not be read.', { cause })
  }
}

export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return Buffer.from(await readBytes(request, maxBytes)).toString('utf8')
}

/** The body's bytes, refused past `maxBytes` like readBody. */
export function readBytes(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return readBytesWithin(request, 0, () => maxBytes)
}

/**
 * The body's bytes when how many it may have depends on how it starts (a header naming its layout): `limitOf` reads
 * the first `headBytes` (the whole body, if shorter) and names the limit, or throws to refuse the body unread. Past
 * the limit, declared or sent, it rejects with BodyTooLargeError; the rest is drained, never kept.
 */
export function readBytesWithin(
  request: IncomingMessage,
  headBytes: number,
  limitOf: (head: Uint8Array) => number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'])
    const chunks: Buffer[] = []
    let length = 0
    let limit: number | undefined
    const refuse = (error: unknown) => {
      request.off('data', onData)
      request.off('end', onEnd)
      // Drain the rest without keeping it, so the response can still be written on this connection.
      request.resume()
      reject(error)
    }
    /** Decides the limit once the head is in; false when the body is refused. */
    const decide = () => {
      try {
        limit = limitOf(new Uint8Array(Buffer.concat(chunks).subarray(0, headBytes)))
      } catch (error) {
        refuse(error)
        return false
      }
      if ((Number.isFinite(declared) && declared > limit) || length > limit) {
        refuse(new BodyTooLargeError(limit))
        return false
      }
      return true
    }
    const onData = (chunk: Buffer) => {
      length += chunk.length
      if (limit !== undefined && length > limit) return refuse(new BodyTooLargeError(limit))
      chunks.push(chunk)
      if (limit === undefined && length >= headBytes) decide()
    }
    const onEnd = () => {
      if (limit === undefined && !decide()) return
      resolve(new Uint8Array(Buffer.concat(chunks)))
    }
    if (headBytes === 0 && !decide()) return
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', (error) => reject(new BodyReadError(error)))
  })
}
