// Test client for the signaling server: a `ws` socket whose incoming messages are queued so a test can
// await them in order, with a timeout on every wait (loopback answers in milliseconds; the bound only turns
// a hang into a readable failure).

import { type ClientOptions, WebSocket } from 'ws'
import { BaseError } from '../../core/errors/BaseError.ts'

export class WaitTimeoutError extends BaseError {
  override name = 'WaitTimeoutError' as const
  constructor(what: string, timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what}.`)
  }
}

export class ConnectionClosedError extends BaseError {
  override name = 'ConnectionClosedError' as const
  constructor() {
    super('The connection closed while a message was awaited.')
  }
}

export const waitTimeoutMs = 5_000

// Messages are arbitrary JSON; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests' own assertions check the shape
export type Received = Record<string, any>

export type TestClient = {
  socket: WebSocket
  /** Socket errors seen after opening (a server-initiated close after a bad frame may surface as one). */
  errors: Error[]
  send(message: unknown): void
  /**
   * Resolves with the next message that satisfies `accept`, dropping the ones before it; rejects with
   * ConnectionClosedError once the socket closes.
   */
  next(accept?: (message: Received) => boolean): Promise<Received>
  /** Resolves when the server closes the connection. */
  closed: Promise<{ code: number; reason: string }>
  close(): Promise<void>
}

export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = waitTimeoutMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new WaitTimeoutError(what, timeoutMs)), timeoutMs)),
  )
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function connectClient(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options)
  const queue: Received[] = []
  let wake: (() => void) | undefined
  socket.on('message', (data, isBinary) => {
    queue.push(isBinary ? { binary: data } : (JSON.parse(data.toString()) as Received))
    wake?.()
  })
  let isClosed = false
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => {
      isClosed = true
      wake?.()
      resolve({ code, reason: reason.toString() })
    }),
  )
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    }),
    `connection to ${url}`,
  )
  const errors: Error[] = []
  socket.on('error', (error) => errors.push(error))
  const next = async (accept: (message: Received) => boolean = () => true): Promise<Received> => {
    const take = async (): Promise<Received> => {
      for (;;) {
        const message = queue.shift()
        if (message === undefined) {
          if (isClosed) throw new ConnectionClosedError()
          await new Promise<void>((resolve) => (wake = resolve))
          continue
        }
        if (accept(message)) return message
      }
    }
    return withTimeout(take(), 'a message')
  }
  return {
    socket,
    errors,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next,
    closed,
    close: async () => {
      if (socket.readyState !== WebSocket.CLOSED) socket.close()
      await withTimeout(closed, 'close')
    },
  }
}

/** A fresh client subscribes, publishes and receives its own message: the server still serves. */
export async function roundTrip(url: string, topic = 'round-trip'): Promise<void> {
  const client = await connectClient(url)
  client.send({ type: 'subscribe', topics: [topic] })
  client.send({ type: 'publish', topic, data: 'ok' })
  const echo = await client.next()
  if (echo.type !== 'publish' || echo.data !== 'ok') throw new Error(`unexpected answer ${JSON.stringify(echo)}`)
  await client.close()
}
