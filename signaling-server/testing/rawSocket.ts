// Raw TCP clients for fuzzing below the WebSocket layer: bytes that no WebSocket library would send.

import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { withTimeout } from './connectClient.ts'

function open(port: number): Promise<Socket> {
  return withTimeout(
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket))
      socket.once('error', reject)
    }),
    `TCP connection to port ${port}`,
  )
}

/** Writes `bytes`, half-closes, and resolves with everything the server sent once it has closed too. */
function exchange(socket: Socket, bytes: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))))
  // A reset from the server is a legitimate answer to garbage; it still ends in 'close'.
  socket.on('error', (error) => chunks.push(Buffer.from(`\n[${error.message}]`)))
  socket.end(bytes)
  return withTimeout(done, 'the server to close a raw socket')
}

/** Sends `bytes` as if they were an HTTP request. */
export async function sendRawHttp(port: number, bytes: Buffer): Promise<Buffer> {
  return exchange(await open(port), bytes)
}

/** Completes a WebSocket handshake by hand, then sends `bytes` as frame data. */
export async function sendAfterHandshake(port: number, bytes: Buffer): Promise<Buffer> {
  const socket = await open(port)
  const key = randomBytes(16).toString('base64')
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  )
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      let head = ''
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1')
        if (!head.includes('\r\n\r\n')) return
        socket.off('data', onData)
        if (head.startsWith('HTTP/1.1 101')) resolve()
        else reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`))
      }
      socket.on('data', onData)
    }),
    'the WebSocket handshake',
  )
  return exchange(socket, bytes)
}
