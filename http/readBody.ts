// Reads an HTTP request body as UTF-8 text or bytes, refusing it as soon as it passes `maxBytes` (or announces more
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
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBytes) {
      request.resume()
      reject(new BodyTooLargeError(maxBytes))
      return
    }
    const chunks: Buffer[] = []
    let length = 0
    const onData = (chunk: Buffer) => {
      length += chunk.length
      if (length > maxBytes) {
        request.off('data', onData)
        // Drain the rest without keeping it, so the response can still be written on this connection.
        request.resume()
        reject(new BodyTooLargeError(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    request.on('data', onData)
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    request.on('error', (error) => reject(new BodyReadError(error)))
  })
}
