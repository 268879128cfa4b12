// The address a request comes from, for the per-address limits (connections, registry uploads). Behind a
// reverse proxy every request arrives from the proxy, so the operator may name the header the proxy writes
// (`--trusted-proxy-header x-forwarded-for`); only then is it read, because any client can send it. Its last
// entry is the one the proxy appended; earlier entries are whatever the client claimed. A missing or malformed
// header falls back to the socket's address, so leaving it out only lumps a client in with the proxy.

import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

export function clientAddressOf(request: IncomingMessage, trustedProxyHeader: string | undefined): string {
  const socketAddress = request.socket.remoteAddress ?? 'unknown'
  if (trustedProxyHeader === undefined) return socketAddress
  const header = request.headers[trustedProxyHeader]
  const value = Array.isArray(header) ? header.at(-1) : header
  const last = value?.split(',').at(-1)?.trim() ?? ''
  return isIP(last) === 0 ? socketAddress : last
}
