// The validator's HTTP face, for volunteers' pages (CORS open: receipts are public, relays pay only their
// contributor).
//
//   GET     /healthz                          200 {"status":"ok","validator":…,"swarms":[…],"peers":…,
//                                             "refused":[{"swarm","terms":[…],"message"}]}
//   GET     /swarms/<id>/receipts/<address>   200 PublishedReceipt | 400 bad address | 404 no receipt yet or a swarm it
//                                             does not validate | 409 a swarm it refuses (on-chain terms differ)
//   POST    /swarms/<id>/relay                200 {"transaction","contributor","totalUnits","amount"} | 400 | 404 | 409
//                                             | 413 | 422 the contract would refuse (message says why) | 429 busy
//                                             | 502 chain
//   PUT     /swarms/<id>/audits/<version>/<peer>   body: the member's reveal (core/audit/revealFormat.ts)
//                                             200 {"needsState":bool} | 400 malformed | 404 no such open audit |
//                                             409 not its committed bytes | 410 the audit has its verdict |
//                                             413 longer than the reveal its header and commitments allow (refused
//                                             after the 8-byte header, unread); 400, 409 and 413 are noted on the
//                                             audit, and an unanswered verdict names them
//   PUT     /swarms/<id>/states/<version>     body: the serialized training state at that version
//                                             200 {} | 400 | 404 no open audit needs it | 409 another hash | 413
//   GET     /swarms/<id>/audits               200 {"open":[{version,peer,waitingFor,refused}],"verdicts":[{…,reason}]}
//                                             | 404 a swarm it does not audit (the dashboard's Audits panel)
//   OPTIONS *                                 204 (CORS preflight)
//
// Errors are JSON {"error":<error class name>,"message":…}.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Address, type Hex, getAddress, isAddress } from 'viem'
import { BaseError } from '../core/errors/BaseError.ts'
import type { PublishedReceipt } from '../core/rewards/publishedReceipt.ts'
import type { OnChainTermsMismatchError } from '../core/rewards/OnChainTermsMismatchError.ts'
import { BodyTooLargeError, readBody, readBytes, readBytesWithin } from '../http/readBody.ts'
import { AuditClosedError, AuditMismatchError, NotAuditedError } from '../core/audit/auditErrors.ts'
import { MalformedRevealError, revealHeaderBytes } from '../core/audit/revealFormat.ts'
import { MalformedStateError } from '../core/state/serializeState.ts'
import type { SwarmAudits } from './createSwarmAuditor.ts'
import type { Relayer } from './createRelayer.ts'
import { RelayRefusedError } from './RelayRefusedError.ts'

export type CreateValidatorServerParameters = {
  host: string
  port: number
  validator: Address
  /** The swarm this validator validates under this id, if it does. */
  swarm(id: Hex): ServedSwarm | undefined
  swarms(): Hex[]
  /** Why this validator refuses a swarm it was asked to validate, if it does: the chain holds other terms under its
   * id than its manifest names. Volunteers' pages read this to stop offering claims. */
  refusal(id: Hex): OnChainTermsMismatchError | undefined
  refused(): OnChainTermsMismatchError[]
  peers(): number
  log: (line: string) => void
}
export type ServedSwarm = {
  receiptFor(contributor: Address): PublishedReceipt | undefined
  relayer: Relayer
  maxBodyBytes: number
  audits: SwarmAudits | undefined
}
export type ValidatorServer = { url: string; close(): Promise<void> }

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
}

function sendJson(response: ServerResponse, status: number, value: unknown) {
  const body = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  response.writeHead(status, {
    ...cors,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  response.end(body)
}
const sendError = (response: ServerResponse, status: number, name: string, message: string) =>
  sendJson(response, status, { error: name, message })

export async function createValidatorServer(parameters: CreateValidatorServerParameters): Promise<ValidatorServer> {
  const { log } = parameters
  const audit = String.raw`audits/(\d{1,9})/(0x[0-9a-f]{40})|states/(\d{1,9})`
  const route = new RegExp(`^/swarms/(0x[0-9a-fA-F]{64})/(receipts/([^/]+)|relay|audits|${audit})$`)

  /** Takes an audit upload: the body's bytes (`read`) to `take`, its typed refusals as statuses. */
  const upload = async (
    response: ServerResponse,
    read: () => Promise<Uint8Array>,
    take: (bytes: Uint8Array) => unknown,
    onOversized?: (limit: number) => void,
  ) => {
    try {
      const answer = take(await read())
      sendJson(response, 200, answer ?? {})
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        onOversized?.(error.maxBytes)
        return sendError(response, 413, error.name, error.shortMessage)
      }
      if (error instanceof NotAuditedError) return sendError(response, 404, error.name, error.shortMessage)
      if (error instanceof AuditClosedError) return sendError(response, 410, error.name, error.shortMessage)
      if (error instanceof AuditMismatchError) return sendError(response, 409, error.name, error.shortMessage)
      if (error instanceof MalformedRevealError || error instanceof MalformedStateError)
        return sendError(response, 400, error.name, error.shortMessage)
      log(`audit upload: unexpected ${error instanceof Error ? error.stack : String(error)}`)
      sendError(response, 500, 'InternalError', 'internal error')
    }
  }

  const relay = async (request: IncomingMessage, response: ServerResponse, swarm: ServedSwarm) => {
    try {
      const text = await readBody(request, swarm.maxBodyBytes)
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        // JSON.parse's message adds nothing a client can act on.
        return sendError(response, 400, 'InvalidJson', 'The body is not JSON.')
      }
      const result = await swarm.relayer.relay(body)
      log(`relayed ${result.transaction}: ${result.amount} to ${result.contributor} for ${result.totalUnits} units`)
      sendJson(response, 200, result)
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendError(response, 413, error.name, error.shortMessage)
      if (error instanceof RelayRefusedError) {
        if (error.status === 502) log(`relay failed: ${error.message}`)
        return sendError(response, error.status, error.name, error.shortMessage)
      }
      log(`relay: unexpected ${error instanceof Error ? error.stack : String(error)}`)
      sendError(response, 500, 'InternalError', 'internal error')
    }
  }

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0]!
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end()
    if (request.method === 'GET' && path === '/healthz')
      return sendJson(response, 200, {
        status: 'ok',
        validator: parameters.validator,
        swarms: parameters.swarms(),
        peers: parameters.peers(),
        refused: parameters.refused().map((refusal) => ({
          swarm: refusal.swarmId,
          terms: refusal.issues.map((issue) => issue.term),
          message: refusal.shortMessage,
        })),
      })
    const match = route.exec(path)
    if (!match) return sendError(response, 404, 'NotFound', `No route ${request.method} ${path}.`)
    const refusal = parameters.refusal(match[1]!.toLowerCase() as Hex)
    if (refusal)
      return sendError(response, 409, refusal.name, `Refused swarm ${refusal.swarmId}: ${refusal.shortMessage}`)
    const swarm = parameters.swarm(match[1]!.toLowerCase() as Hex)
    if (!swarm) return sendError(response, 404, 'UnknownSwarm', `This validator does not validate swarm ${match[1]}.`)
    if (match[2]!.startsWith('audits') || match[2]!.startsWith('states')) {
      const audits = swarm.audits
      if (!audits)
        return sendError(response, 404, 'NoAudits', 'This swarm does not commit to contributions: no audits.')
      if (match[2] === 'audits') {
        if (request.method !== 'GET') return sendError(response, 405, 'MethodNotAllowed', 'Audits are read with GET.')
        return sendJson(response, 200, audits.report())
      }
      if (request.method !== 'PUT') return sendError(response, 405, 'MethodNotAllowed', 'Audit answers are PUT.')
      if (match[4] !== undefined) {
        const [version, peer] = [Number(match[4]), match[5]!]
        return void upload(
          response,
          // The header names the frame size, which with the commitments fixes the one length that can answer.
          () => readBytesWithin(request, revealHeaderBytes, (header) => audits.revealLength(version, peer, header)),
          (bytes) => audits.reveal(version, peer, bytes),
          (limit) => audits.refuseOversized(version, peer, limit),
        )
      }
      return void upload(
        response,
        () => readBytes(request, audits.maxStateBytes),
        (bytes) => audits.state(Number(match[6]), bytes),
      )
    }
    if (match[2] === 'relay') {
      if (request.method !== 'POST') return sendError(response, 405, 'MethodNotAllowed', 'POST a receipt to relay it.')
      return void relay(request, response, swarm)
    }
    if (request.method !== 'GET') return sendError(response, 405, 'MethodNotAllowed', 'Receipts are read with GET.')
    const address = match[3]!
    if (!isAddress(address, { strict: false }))
      return sendError(response, 400, 'InvalidAddress', `${address.slice(0, 50)} is not an address.`)
    const receipt = swarm.receiptFor(getAddress(address))
    if (!receipt)
      return sendError(
        response,
        404,
        'NoReceipt',
        `No receipt for ${getAddress(address)} yet: it is signed after a round it contributed to is committed.`,
      )
    sendJson(response, 200, receipt)
  }

  const server = createServer((request, response) => {
    try {
      handle(request, response)
    } catch (error) {
      // A bug in a route must cost one request, never the validator.
      log(`http: ${error instanceof BaseError ? error.message : error instanceof Error ? error.stack : String(error)}`)
      if (!response.headersSent) sendError(response, 400, 'BadRequest', 'The request could not be understood.')
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port, parameters.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${parameters.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
