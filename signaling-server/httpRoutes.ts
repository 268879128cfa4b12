// Plain HTTP on the signaling port: health, Prometheus metrics and the manifest registry.
//
//   GET  /healthz          200 {"status":"ok","uptimeSeconds":…,"connections":…,"topics":…}
//   GET  /metrics          200 Prometheus text exposition
//   GET  /swarms/<id>      200 canonical manifest JSON | 400 bad id | 404 unknown
//   PUT  /swarms/<id>      201 created | 200 already stored | 400 bad id or JSON | 413 too large
//                          | 422 invalid manifest or id mismatch | 429 uploader over its quota
//                          | 507 no room beside the pinned manifests
//   OPTIONS *              204 (CORS preflight)
//
// Errors are JSON {"error":<error class name>,"message":…,"issues"?:[…]}; a refusal by a limit also names it
// and its value, {"limit":"max-manifests-per-uploader","value":32}, as --help and /metrics do. CORS allows any
// origin: the data is public and content-addressed, and the web app may be served from another origin.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { InvalidManifestError } from '../core/manifest/parseManifest.ts'
import { BaseError } from '../core/errors/BaseError.ts'
import { checkSwarmId, InvalidSwarmIdError, ManifestJsonError, SwarmIdMismatchError } from './canonicalManifest.ts'
import { limitName, type SignalingLimits } from './limits.ts'
import { type ManifestRegistry, RegistryFullError } from './manifestRegistry.ts'
import type { SignalingMetrics } from './metrics.ts'
import type { RegistryOutcome } from './registryMetrics.ts'
import { UploaderQuotaError } from './uploaderQuota.ts'
import { uploaderOf } from './uploaderOf.ts'
import { BodyTooLargeError, readBody } from '../http/readBody.ts'

export type HttpRoutesParameters = {
  registry: ManifestRegistry
  metrics: SignalingMetrics
  maxManifestBytes: number
  /** The request's client address (clientAddress.ts); uploads are charged to its uploader. */
  clientAddressOf: (request: IncomingMessage) => string
  log: (line: string) => void
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extra: Record<string, string> = {},
) {
  response.writeHead(status, {
    ...corsHeaders,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...extra,
  })
  response.end(body)
}

const sendJson = (response: ServerResponse, status: number, value: unknown, extra?: Record<string, string>) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value), extra)

/** HTTP status and registry outcome of each error a PUT can meet; anything else is our bug (500). */
function describeFailure(error: unknown): { status: number; outcome: RegistryOutcome } {
  if (error instanceof InvalidSwarmIdError) return { status: 400, outcome: 'bad-id' }
  if (error instanceof ManifestJsonError) return { status: 400, outcome: 'invalid-json' }
  if (error instanceof BodyTooLargeError) return { status: 413, outcome: 'too-large' }
  if (error instanceof InvalidManifestError) return { status: 422, outcome: 'invalid-manifest' }
  if (error instanceof SwarmIdMismatchError) return { status: 422, outcome: 'id-mismatch' }
  if (error instanceof UploaderQuotaError)
    return {
      status: 429,
      outcome:
        error.limit === 'maxManifestsPerUploader' ? 'too-many-manifests-per-uploader' : 'too-many-bytes-per-uploader',
    }
  if (error instanceof RegistryFullError) return { status: 507, outcome: 'registry-full' }
  return { status: 500, outcome: 'write-failed' }
}

/** The limit that refused the request and its value, if a limit did. */
function limitOf(error: unknown): { limit: string; value: number } | undefined {
  const named = (key: keyof SignalingLimits, value: number) => ({ limit: limitName(key), value })
  if (error instanceof UploaderQuotaError) return named(error.limit, error.value)
  if (error instanceof BodyTooLargeError) return named('maxManifestBytes', error.maxBytes)
  if (error instanceof RegistryFullError) return named('maxRegistryBytes', error.maxRegistryBytes)
  return undefined
}

function errorBody(error: unknown) {
  const issues = error instanceof InvalidManifestError ? { issues: error.issues } : {}
  if (error instanceof BaseError) return { error: error.name, message: error.message, ...limitOf(error), ...issues }
  return { error: 'InternalError', message: 'internal error' }
}

async function putManifest(
  { registry, metrics, maxManifestBytes, clientAddressOf, log }: HttpRoutesParameters,
  id: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  try {
    checkSwarmId(id)
    const body = await readBody(request, maxManifestBytes)
    const outcome = await registry.put(id, body, uploaderOf(clientAddressOf(request)))
    metrics.counters.manifestPuts[outcome]++
    sendJson(
      response,
      outcome === 'created' ? 201 : 200,
      { id, outcome },
      outcome === 'created' ? { location: `/swarms/${id}` } : {},
    )
  } catch (error) {
    const { status, outcome } = describeFailure(error)
    metrics.counters.manifestPuts[outcome]++
    if (status === 500)
      log(
        `manifest registry: PUT ${id} failed: ` +
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
    // After a refused upload the rest of the body may still be arriving; do not keep the connection for it.
    sendJson(response, status, errorBody(error), status === 413 ? { connection: 'close' } : {})
  }
}

export function createHttpRoutes(
  parameters: HttpRoutesParameters,
): (request: IncomingMessage, response: ServerResponse) => void {
  const route = createRouter(parameters)
  // A throw in a request listener would take the whole process down; one bad request must not.
  return (request, response) => {
    try {
      route(request, response)
    } catch (error) {
      parameters.log(
        `http: ${request.method} ${request.url} failed: ` +
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      if (!response.headersSent)
        sendJson(response, 400, { error: 'BadRequest', message: 'The request could not be handled.' })
      else response.destroy()
    }
  }
}

function createRouter(parameters: HttpRoutesParameters): (request: IncomingMessage, response: ServerResponse) => void {
  const { registry, metrics } = parameters
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const method = request.method ?? 'GET'
    if (method === 'OPTIONS') return send(response, 204, 'text/plain', '')
    const swarm = /^\/swarms\/([^/]+)$/.exec(path)
    if (swarm) {
      const id = swarm[1] ?? ''
      if (method === 'PUT') return void putManifest(parameters, id, request, response)
      if (method !== 'GET' && method !== 'HEAD')
        return sendJson(
          response,
          405,
          { error: 'MethodNotAllowed', message: `${method} is not supported` },
          { allow: 'GET, PUT, OPTIONS' },
        )
      try {
        checkSwarmId(id)
      } catch (error) {
        return sendJson(response, 400, errorBody(error))
      }
      const json = registry.get(id)
      if (json === undefined)
        return sendJson(response, 404, { error: 'UnknownSwarmError', message: `No manifest is stored for ${id}.` })
      return send(response, 200, 'application/json; charset=utf-8', json, {
        'cache-control': 'public, max-age=31536000, immutable',
      })
    }
    if (method !== 'GET' && method !== 'HEAD')
      return sendJson(
        response,
        405,
        { error: 'MethodNotAllowed', message: `${method} is not supported` },
        { allow: 'GET, OPTIONS' },
      )
    if (path === '/healthz') {
      const { uptimeSeconds, connections, topics } = metrics.gauges()
      return sendJson(
        response,
        200,
        { status: 'ok', uptimeSeconds, connections, topics },
        { 'cache-control': 'no-store' },
      )
    }
    if (path === '/metrics')
      return send(response, 200, 'text/plain; version=0.0.4; charset=utf-8', metrics.render(), {
        'cache-control': 'no-store',
      })
    return sendJson(response, 404, { error: 'NotFound', message: `Nothing at ${path}.` })
  }
}
