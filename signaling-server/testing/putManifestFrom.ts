// PUT /swarms/<id> from a chosen local address, so that tests on loopback look like distinct clients to the
// server: Linux routes all of 127.0.0.0/8 to lo, so any 127.x.y.z can be bound. One connection per request,
// so no pooled connection carries one address's request as another's.

import { request } from 'node:http'
import { withTimeout } from './connectClient.ts'

export type PutAnswer = { status: number; body: Record<string, unknown> }

export function putManifestFrom(
  httpUrl: string,
  id: string,
  body: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<PutAnswer> {
  const url = new URL(`/swarms/${id}`, httpUrl)
  const answer = new Promise<PutAnswer>((resolve, reject) => {
    const put = request(
      url,
      { method: 'PUT', localAddress, agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        )
        response.on('error', reject)
      },
    )
    put.on('error', reject)
    put.end(body)
  })
  return withTimeout(answer, `PUT ${url.pathname} from ${localAddress}`)
}
