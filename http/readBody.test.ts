import { type IncomingMessage, createServer, request as send } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { BodyTooLargeError, readBytesWithin } from './readBody.ts'

/** A server that hands each request body to `read` and answers what came of it. */
async function serve(read: (request: IncomingMessage) => Promise<Uint8Array>) {
  const server = createServer((request, response) => {
    read(request).then(
      (bytes) => response.end(`read ${bytes.length}`),
      (error: Error) => response.end(`${error.name}: ${error.message}`),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

/** PUTs `parts`, chunked (no Content-Length) unless `declare`; resolves with the answer's text. */
function put(url: string, parts: Uint8Array[], declare = false) {
  return new Promise<string>((resolve, reject) => {
    const total = parts.reduce((sum, part) => sum + part.length, 0)
    const outgoing = send(url, { method: 'PUT', headers: declare ? { 'content-length': total } : {} }, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => resolve(text))
    })
    // The server may answer and drain before every part is written.
    outgoing.on('error', reject)
    for (const part of parts) outgoing.write(part)
    outgoing.end()
  })
}

describe('readBytesWithin', () => {
  /** The first byte of the head names the limit in kilobytes. */
  const limitFromHead = (head: Uint8Array) => {
    if (head.length < 2) throw new Error('short head')
    return head[0]! * 1_000
  }
  const body = (limitKb: number, bytes: number) => Uint8Array.from({ length: bytes }, (_, i) => (i ? 7 : limitKb))

  test('a body within the limit its head names is read whole', async () => {
    const url = await serve((request) => readBytesWithin(request, 2, limitFromHead))
    const whole = body(3, 3_000)
    // The head split across two chunks.
    expect(await put(url, [whole.subarray(0, 1), whole.subarray(1)])).toBe('read 3000')
    expect(await put(url, [body(3, 3_000)], true)).toBe('read 3000')
  })

  test('a declared length past the limit is refused once the head is in; a sent one as soon as it passes', async () => {
    const url = await serve((request) => readBytesWithin(request, 2, limitFromHead))
    const refused = `BodyTooLargeError: ${new BodyTooLargeError(2_000).message}`
    expect(await put(url, [body(2, 2_001)], true)).toBe(refused)
    expect(await put(url, [body(2, 1_500), body(2, 1_500)])).toBe(refused)
  })

  test('a head that names no limit refuses the body with its own error, a short body is its own head', async () => {
    const url = await serve((request) => readBytesWithin(request, 2, limitFromHead))
    expect(await put(url, [body(9, 1)], true)).toBe('Error: short head')
    expect(await put(url, [new Uint8Array(0)])).toBe('Error: short head')
  })
})
