// The audit routes of the validator's server over a fake auditor: which status each refusal gets, that an oversized
// reveal is refused after its header and noted on the audit, and that the audits report is readable cross-origin.
import { request as send } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { AuditClosedError } from '../core/audit/auditErrors.ts'
import { MalformedRevealError, encodeReveal } from '../core/audit/revealFormat.ts'
import type { SwarmAudits } from './createSwarmAuditor.ts'
import { type ValidatorServer, createValidatorServer } from './createValidatorServer.ts'

const swarmId = `0x${'1'.repeat(64)}` as const
const peer = `0x${'a'.repeat(40)}`
/** The fake audit's one answering length: a reveal with 100 bytes of chunks. */
const revealLength = 108
const oversized: [number, string, number][] = []
const states: [number, number][] = []
const audits = {
  revealLength(version: number, _peer: string, header: Uint8Array) {
    if (version === 9) throw new AuditClosedError('The audit of v9 closed unanswered at 1970-01-01T00:00:30.000Z.')
    if (header[0] !== 0x53) throw new MalformedRevealError('it does not start with "SRV1"')
    return revealLength
  },
  refuseOversized: (version: number, who: string, limit: number) => void oversized.push([version, who, limit]),
  reveal: () => ({ needsState: true }),
  state: (version: number, bytes: Uint8Array) => void states.push([version, bytes.length]),
  maxStateBytes: 1_000_000,
  report: () => ({ open: [], verdicts: [] }),
} as unknown as SwarmAudits

let server: ValidatorServer
beforeAll(async () => {
  server = await createValidatorServer({
    host: '127.0.0.1',
    port: 0,
    validator: `0x${'f'.repeat(40)}`,
    swarm: (id) =>
      id === swarmId
        ? { receiptFor: () => undefined, relayer: undefined as never, maxBodyBytes: 1, audits }
        : undefined,
    swarms: () => [swarmId],
    refusal: () => undefined,
    refused: () => [],
    peers: () => 0,
    log: () => {},
  })
})
afterAll(() => server?.close())

/** PUTs a reveal whose body is `parts` (chunked: the server sees no Content-Length); resolves status and body. */
function putReveal(version: number, parts: Uint8Array[]) {
  return new Promise<{ status: number; body: { error?: string; message?: string } }>((resolve, reject) => {
    const url = `${server.url}/swarms/${swarmId}/audits/${version}/${peer}`
    const outgoing = send(url, { method: 'PUT' }, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }))
    })
    outgoing.on('error', reject)
    for (const part of parts) outgoing.write(part)
    outgoing.end()
  })
}

describe('audit routes', () => {
  const reveal = (chunkBytes: number) => encodeReveal(1_024, [new Uint8Array(chunkBytes)])

  test('a reveal of the answering length is taken', async () => {
    expect(await putReveal(3, [reveal(100)])).toEqual({ status: 200, body: { needsState: true } })
  })

  test('a longer one is refused with 413 as it passes the limit, and the auditor is told', async () => {
    const bytes = reveal(100_000)
    const answer = await putReveal(3, [bytes.subarray(0, 8), bytes.subarray(8, 100), bytes.subarray(100)])
    expect(answer.status).toBe(413)
    expect(answer.body.message).toBe(`The request body is larger than ${revealLength} bytes.`)
    expect(oversized).toEqual([[3, peer, revealLength]])
    // Declared in Content-Length: refused once the header is in, the same way.
    const declared = await fetch(`${server.url}/swarms/${swarmId}/audits/4/${peer}`, {
      method: 'PUT',
      body: bytes as Uint8Array<ArrayBuffer>,
    })
    expect(declared.status).toBe(413)
    expect(oversized.at(-1)).toEqual([4, peer, revealLength])
  })

  test('a malformed header is 400, an audit with its verdict 410', async () => {
    expect(await putReveal(3, [new TextEncoder().encode('GET / HTTP/1.1')])).toMatchObject({
      status: 400,
      body: { error: 'MalformedRevealError' },
    })
    expect(await putReveal(9, [reveal(100)])).toEqual({
      status: 410,
      body: { error: 'AuditClosedError', message: 'The audit of v9 closed unanswered at 1970-01-01T00:00:30.000Z.' },
    })
  })

  test('a state within its bound is taken whole, declared or chunked; a larger one is 413', async () => {
    const url = `${server.url}/swarms/${swarmId}/states/2`
    const put = (bytes: Uint8Array) => fetch(url, { method: 'PUT', body: bytes as Uint8Array<ArrayBuffer> })
    expect((await put(new Uint8Array(600_000))).status).toBe(200)
    expect((await put(new Uint8Array(1_000_001))).status).toBe(413)
    expect(states).toEqual([[2, 600_000]])
  })

  test('the audits report is readable from another origin', async () => {
    const response = await fetch(`${server.url}/swarms/${swarmId}/audits`, { headers: { origin: 'http://elsewhere' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(await response.json()).toEqual({ open: [], verdicts: [] })
  })
})
