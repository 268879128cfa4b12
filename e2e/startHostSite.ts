// A stand-in for a third-party site that embeds the Starling widget: one HTML page on its own port, so its
// origin differs from the Starling app's and the widget runs under real cross-origin rules.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type HostSite = { url: string; close(): Promise<void> }

export async function startHostSite(html: string, host = '127.0.0.1'): Promise<HostSite> {
  const server = createServer((request, response) => {
    if (request.url !== '/' && request.url !== '/index.html') return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
